import { describe, expect, it } from 'vitest';
import { judgeInterval, statusAfter } from './judge-interval.ts';
import type { AnalysisSpec } from './types.ts';

const spec: AnalysisSpec = {
  service: 'checkout',
  deployId: null,
  source: { kind: 'pushed' },
  scope: { label: null, control: 'baseline', experiment: 'canary' },
  metrics: [
    { name: 'errors', direction: 'increase', critical: false, weight: 1, nanStrategy: 'remove' },
    { name: 'latency', direction: 'increase', critical: false, weight: 1, nanStrategy: 'replace' },
  ],
  intervalMs: 60_000,
  bakeMs: 180_000,
  stepMs: 1_000,
  lookbackMs: null,
  confidence: 0.95,
  thresholds: { pass: 95, marginal: 75 },
  sloAware: null,
};
const window = { fromMs: 0, toMs: 60_000 };
const same = { control: [5, 6, 7, 8], experiment: [5, 6, 7, 8] };

describe('judgeInterval', () => {
  it('fails early when an interval scores below marginal', () => {
    // errors: experiment [10..40] vs control [1..4] is High; latency equal → 1 of 2 pass = 50 < 75.
    const interval = judgeInterval({
      spec,
      index: 1,
      window,
      nowMs: 61_000,
      samples: new Map([
        ['errors', { control: [1, 2, 3, 4], experiment: [10, 20, 30, 40] }],
        ['latency', same],
      ]),
      errors: [],
      slo: null,
    });
    expect(interval).toMatchObject({
      index: 1,
      verdict: 'fail',
      score: 50,
      from: '1970-01-01T00:00:00.000Z',
    });
    expect(interval.reason).toMatch(/^interval 1 scored 50 < marginal 75: errors is higher in the canary/);
    expect(statusAfter(interval, 3)).toBe('fail');
  });

  it('keeps running on a passing interval and lets the last one decide', () => {
    const samples = new Map([
      ['errors', same],
      ['latency', { control: [1, Number.NaN], experiment: [1, Number.NaN] }],
    ]);
    const first = judgeInterval({ spec, index: 1, window, nowMs: 61_000, samples, errors: [], slo: null });
    expect(first).toMatchObject({ verdict: 'pass', score: 100 });
    // nanStrategy replace: NaN counted as 0 on both sides (2 values a side).
    expect(first.metrics[1]).toMatchObject({ controlCount: 2, experimentCount: 2 });
    expect(statusAfter(first, 3)).toBe('running');
    expect(statusAfter({ ...first, index: 3 }, 3)).toBe('pass');
    expect(statusAfter({ ...first, index: 3, verdict: 'marginal' }, 3)).toBe('marginal');
  });

  it('fails an interval whose canary burns the SLO too fast, whatever the score', () => {
    const interval = judgeInterval({
      spec,
      index: 2,
      window,
      nowMs: 121_000,
      samples: new Map([
        ['errors', same],
        ['latency', same],
      ]),
      errors: ['latency (experiment): Prometheus source "prom": timed out after 2000ms'],
      slo: { name: 'checkout', burnRate: 20, maxBurnRate: 14.4, ok: false, errorRatio: 0.02 },
    });
    expect(interval.verdict).toBe('fail');
    expect(interval.score).toBe(100);
    expect(interval.reason).toContain('SLO checkout: the canary burns its budget at 20× > 14.4×');
    expect(interval.reason).toContain('timed out');
  });
});
