import { describe, expect, it } from 'vitest';
import { isNinesError } from '../core/errors.ts';
import { historyRange, parseDurationParam, parseLimitParam, parseTimeParam } from './params.ts';

const now = Date.parse('2026-03-02T12:00:00Z');

function paramOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isNinesError(error) && error.code === 'invalid_input') return error.details?.[0]?.path;
    throw error;
  }
  return undefined;
}

describe('parseTimeParam', () => {
  it('reads RFC 3339 and epoch milliseconds', () => {
    expect(parseTimeParam('from', '2026-03-02T11:00:00Z')).toBe(now - 3_600_000);
    expect(parseTimeParam('from', '2026-03-02T13:00:00+02:00')).toBe(now - 3_600_000);
    expect(parseTimeParam('from', String(now))).toBe(now);
    expect(parseTimeParam('from', undefined)).toBeUndefined();
  });

  it('names the parameter it refuses', () => {
    expect(paramOf(() => parseTimeParam('to', '2026-03-02'))).toBe('to');
    expect(paramOf(() => parseTimeParam('from', '-5'))).toBe('from');
  });
});

describe('parseDurationParam', () => {
  it('reads durations and seconds', () => {
    expect(parseDurationParam('step', '5m')).toBe(300_000);
    expect(parseDurationParam('step', '300')).toBe(300_000);
    expect(parseDurationParam('step', '1.5')).toBe(1_500);
  });

  it('refuses zero and nonsense', () => {
    expect(paramOf(() => parseDurationParam('step', '0'))).toBe('step');
    expect(paramOf(() => parseDurationParam('step', 'soon'))).toBe('step');
  });
});

describe('historyRange', () => {
  it('defaults to the last 24 h in 5-minute steps (289 points)', () => {
    expect(historyRange({}, now)).toEqual({ fromMs: now - 86_400_000, toMs: now, stepMs: 300_000 });
  });

  it('picks the smallest whole-minute step giving at most 300 points', () => {
    // 7 d / 299 = 33.7 min -> 34 min: floor(10080 / 34) + 1 = 297 points.
    expect(historyRange({ from: String(now - 7 * 86_400_000) }, now).stepMs).toBe(34 * 60_000);
    // 1 h / 299 = 12 s -> 1 min: 61 points.
    expect(historyRange({ from: String(now - 3_600_000) }, now).stepMs).toBe(60_000);
  });

  it('rounds a given step up to whole minutes', () => {
    expect(historyRange({ step: '90s' }, now).stepMs).toBe(120_000);
  });

  it('measures `from` back from a given `to`', () => {
    expect(historyRange({ to: '2026-03-01T12:00:00Z' }, now).fromMs).toBe(now - 2 * 86_400_000);
  });

  it('refuses from at or after to, naming from', () => {
    expect(paramOf(() => historyRange({ from: String(now) }, now))).toBe('from');
  });
});

describe('parseLimitParam', () => {
  it('defaults and bounds', () => {
    expect(parseLimitParam('limit', undefined, { fallback: 100, max: 1000 })).toBe(100);
    expect(parseLimitParam('limit', '1000', { fallback: 100, max: 1000 })).toBe(1000);
    expect(paramOf(() => parseLimitParam('limit', '2.5', { fallback: 100, max: 1000 }))).toBe('limit');
  });
});
