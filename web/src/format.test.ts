import { describe, expect, it } from 'vitest';
import { ago, duration, num, percent } from './format.ts';

describe('console formats', () => {
  it('writes ratios as percents with trailing zeros trimmed', () => {
    expect(percent(0.99912)).toBe('99.912 %');
    expect(percent(0.5)).toBe('50 %');
    expect(percent(0.123456, 1)).toBe('12.3 %');
    expect(percent(null)).toBe('—');
    expect(percent(Number.NaN)).toBe('—');
    expect(num(14.4)).toBe('14.4');
    expect(num(6, 2)).toBe('6');
  });

  it('writes durations in the largest sensible units', () => {
    expect(duration(45)).toBe('45 s');
    expect(duration(12 * 60)).toBe('12 min');
    expect(duration(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
    expect(duration(2 * 86400 + 4 * 3600)).toBe('2 d 4 h');
    expect(duration(undefined)).toBe('—');
  });

  it('says how long ago an instant was', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(ago('2026-12-06T09:55:00Z', now)).toBe('5 min ago');
    expect(ago('2026-12-06T12:00:00Z', now)).toBe('in 2 h');
    expect(ago('2026-12-06T09:59:50Z', now)).toBe('just now');
  });
});
