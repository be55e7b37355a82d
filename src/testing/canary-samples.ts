import type { MetricSamples } from '../canary/index.ts';

/** A seeded generator (mulberry32): the same seed gives the same numbers on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` normal samples (Box-Muller) of the given mean and standard deviation. */
export function normalSamples(random: () => number, count: number, mean: number, sd: number): number[] {
  return Array.from({ length: count }, () => {
    const u = Math.max(random(), 1e-12);
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}

/**
 * One synthetic canary run: latency (ms, sd 20) and a critical error rate (%, sd 0.2), 30 samples each
 * side; `worse` raises the canary's latency by 30 % and its errors by 50 %.
 */
export function syntheticCanary(random: () => number, worse: boolean): MetricSamples[] {
  const latency = (mean: number) => normalSamples(random, 30, mean, 20);
  const errors = (mean: number) => normalSamples(random, 30, mean, 0.2).map((v) => Math.max(0, v));
  return [
    { name: 'latency', control: latency(200), experiment: latency(worse ? 260 : 200), direction: 'increase' },
    {
      name: 'errors',
      control: errors(1),
      experiment: errors(worse ? 1.5 : 1),
      direction: 'increase',
      critical: true,
    },
  ];
}
