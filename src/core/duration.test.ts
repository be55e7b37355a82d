import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads Prometheus durations', () => {
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
  });

  it('rejects what is not a duration', () => {
    expect(parseDuration('30')).toBeUndefined();
    expect(parseDuration('1y')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('0s')).toBeUndefined();
    expect(parseDuration('-5m')).toBeUndefined();
  });

  it('round-trips through formatDuration', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(30 * 86_400_000)).toBe('30d');
    expect(parseDuration(formatDuration(93_784_005))).toBe(93_784_005);
  });
});
