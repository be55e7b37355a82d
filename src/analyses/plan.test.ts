import { describe, expect, it } from 'vitest';
import {
  defaultBakeMs,
  defaultIntervalMs,
  defaultStepMs,
  intervalCount,
  intervalDueMs,
  intervalWindow,
  retryWindowMs,
} from './plan.ts';

const MIN = 60_000;
const prometheus = { kind: 'prometheus' as const, dataSource: 'prod' };

describe('analysis defaults', () => {
  it('bakes 30 minutes for tier 1 and 10 otherwise, in about five intervals', () => {
    expect(defaultBakeMs(1)).toBe(30 * MIN);
    expect(defaultBakeMs(3)).toBe(10 * MIN);
    // 30 min / 5 = 6 min; 10 min / 5 = 2 min; a 7 s bake: 1.4 s → whole seconds → 1 s.
    expect(defaultIntervalMs(30 * MIN)).toBe(6 * MIN);
    expect(defaultIntervalMs(10 * MIN)).toBe(2 * MIN);
    expect(defaultIntervalMs(7_000)).toBe(1_000);
    // Never shorter than a given step: 10 min / 5 = 2 min < 5 min step.
    expect(defaultIntervalMs(10 * MIN, 5 * MIN)).toBe(5 * MIN);
    // Steps: 6 min / 10 = 36 s; 2 min / 10 = 12 s; 2 h / 10 = 12 min → capped at 1 min; 3 s → 1 s.
    expect(defaultStepMs(6 * MIN)).toBe(36_000);
    expect(defaultStepMs(2 * MIN)).toBe(12_000);
    expect(defaultStepMs(120 * MIN)).toBe(MIN);
    expect(defaultStepMs(3_000)).toBe(1_000);
  });
});

describe('interval planning', () => {
  const spec = {
    intervalMs: 4 * MIN,
    bakeMs: 10 * MIN,
    stepMs: 30_000,
    lookbackMs: null,
    source: prometheus,
  };
  const start = 1_000_000;

  it('ends the last interval at the bake end and judges from the start', () => {
    // 10 min in 4-min intervals: ends at 4, 8 and 10 min.
    expect(intervalCount(spec)).toBe(3);
    expect(intervalWindow(spec, start, 1)).toEqual({ fromMs: start, toMs: start + 4 * MIN });
    expect(intervalWindow(spec, start, 3)).toEqual({ fromMs: start, toMs: start + 10 * MIN });
  });

  it('waits one step after the end for Prometheus, none for pushed samples', () => {
    expect(intervalDueMs(spec, start, 2)).toBe(start + 8 * MIN + 30_000);
    expect(intervalDueMs({ ...spec, source: { kind: 'pushed' } }, start, 2)).toBe(start + 8 * MIN);
  });

  it('judges only the lookback before the end when one is set', () => {
    const withLookback = { ...spec, lookbackMs: 5 * MIN };
    // Interval 1: 0–4 min (the lookback reaches before the start); interval 3: 5–10 min.
    expect(intervalWindow(withLookback, start, 1)).toEqual({ fromMs: start, toMs: start + 4 * MIN });
    expect(intervalWindow(withLookback, start, 3)).toEqual({
      fromMs: start + 5 * MIN,
      toMs: start + 10 * MIN,
    });
  });

  it('retries failed reads for half an interval, between 5 s and 1 min', () => {
    expect(retryWindowMs(4 * MIN)).toBe(MIN);
    expect(retryWindowMs(30_000)).toBe(15_000);
    expect(retryWindowMs(2_000)).toBe(5_000);
  });
});
