import { describe, expect, it } from 'vitest';
import { judgeCanary } from '../canary/index.ts';
import { canaryReport, paymentCanary } from './canary.ts';
import { createRng } from './rng.ts';

describe("the demo's payment canary", () => {
  const reports = (count: number, seed = 7) => {
    const rng = createRng(seed);
    return Array.from({ length: count }, (_, i) =>
      canaryReport({ ...paymentCanary, atMs: Date.parse('2026-12-06T12:00:00Z') + i * 5_000, rng }),
    ).flat();
  };
  const values = (samples: ReturnType<typeof reports>, metric: string, variant: string) =>
    samples.filter((s) => s.metric === metric && s.variant === variant).map((s) => s.value);

  it('reports every pod of both versions: 4 pods × 2 metrics × 2 variants a report', () => {
    const samples = reports(1);
    expect(samples).toHaveLength(16);
    expect(new Set(samples.map((s) => s.at))).toEqual(new Set(['2026-12-06T12:00:00.000Z']));
    // Errors stay within ±30 % of the profile: the bands [0.00021, 0.00039] and [0.0028, 0.0052] never meet.
    for (const v of values(samples, 'errors', 'control')) expect(v).toBeLessThanOrEqual(0.00039);
    for (const v of values(samples, 'errors', 'experiment')) expect(v).toBeGreaterThanOrEqual(0.0028);
  });

  it('fails its first 20-second interval (16 values a side) on the critical errors metric', () => {
    for (const seed of [1, 2, 3, 7, 11]) {
      const samples = reports(4, seed);
      const judgement = judgeCanary([
        {
          name: 'errors',
          control: values(samples, 'errors', 'control'),
          experiment: values(samples, 'errors', 'experiment'),
          direction: 'increase',
          critical: true,
        },
        {
          name: 'latency-p99',
          control: values(samples, 'latency-p99', 'control'),
          experiment: values(samples, 'latency-p99', 'experiment'),
          direction: 'increase',
        },
      ]);
      expect(judgement.verdict).toBe('fail');
      expect(judgement.metrics.map((m) => m.classification)).toEqual(['High', 'High']);
    }
  });

  it('passes when the canary behaves as the baseline (same profile both sides)', () => {
    const rng = createRng(5);
    const samples = Array.from({ length: 4 }, (_, i) =>
      canaryReport({
        baseline: paymentCanary.baseline,
        canary: paymentCanary.baseline,
        pods: 4,
        atMs: i * 5_000,
        rng,
      }),
    ).flat();
    const judgement = judgeCanary([
      {
        name: 'errors',
        control: values(samples, 'errors', 'control'),
        experiment: values(samples, 'errors', 'experiment'),
        direction: 'increase',
        critical: true,
      },
    ]);
    expect(judgement.verdict).toBe('pass');
  });
});
