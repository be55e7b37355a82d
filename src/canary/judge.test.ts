import { describe, expect, it } from 'vitest';
import { seeded, syntheticCanary } from '../testing/canary-samples.ts';
import { classifyMetric, judgeCanary, type MetricSamples } from './judge.ts';

const worse = { control: [1, 2, 3, 4], experiment: [10, 20, 30, 40] };
const better = { control: [10, 20, 30, 40], experiment: [1, 2, 3, 4] };

describe('classifying one metric', () => {
  // [10,20,30,40] vs [1,2,3,4]: exact interval [6, 39], estimate 22.5 (R); bound 0.25 × 22.5 = 5.625;
  // mean ratio 25 / 2.5 = 10.
  it('is High when the interval clears the bound in the bad direction, Pass in the other', () => {
    const high = classifyMetric({ name: 'latency', ...worse, direction: 'increase' });
    expect(high).toMatchObject({
      classification: 'High',
      lower: 6,
      upper: 39,
      estimate: 22.5,
      meanRatio: 10,
    });
    expect(high.reason).toBe('latency is higher in the canary (mean ×10.0)');
    expect(classifyMetric({ name: 'latency', ...worse, direction: 'decrease' }).classification).toBe('Pass');
    expect(classifyMetric({ name: 'rps', ...better, direction: 'either' })).toMatchObject({
      classification: 'Low',
      lower: -39,
      upper: -6,
      meanRatio: 0.1,
    });
    expect(classifyMetric({ name: 'rps', ...better, direction: 'increase' }).classification).toBe('Pass');
  });

  it('passes a significant change smaller than the allowed one', () => {
    expect(
      classifyMetric({ name: 'cpu', ...worse, direction: 'increase', allowedIncrease: 12 }).classification,
    ).toBe('Pass');
    expect(
      classifyMetric({ name: 'cpu', ...worse, direction: 'increase', allowedIncrease: 9 }).classification,
    ).toBe('High');
  });

  it('needs the interval to clear tolerance × |estimate|, not only zero', () => {
    // R: interval [0.4, 1.7], estimate 1: clears 0.25 × 1 but not 0.5 × 1.
    const metric: MetricSamples = {
      name: 'latency',
      experiment: [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3],
      control: [4.1, 4.5, 4.8, 5.0, 4.3],
      direction: 'increase',
    };
    expect(classifyMetric(metric).classification).toBe('High');
    expect(classifyMetric(metric, { tolerance: 0.5 }).classification).toBe('Pass');
  });

  it('says NoData when a side has no finite value, and Pass for identical samples', () => {
    expect(classifyMetric({ name: 'x', control: [], experiment: [1], direction: 'increase' })).toMatchObject({
      classification: 'NoData',
      reason: 'no data for the control',
    });
    expect(
      classifyMetric({ name: 'x', control: [1, 2], experiment: [Number.NaN], direction: 'increase' }).reason,
    ).toBe('no data for the canary');
    expect(
      classifyMetric({ name: 'x', control: [3, 1, 2], experiment: [1, 2, 3], direction: 'either' }),
    ).toMatchObject({ classification: 'Pass', reason: 'the canary and the baseline have the same values' });
  });

  it('treats two different constant samples as a clear change', () => {
    expect(
      classifyMetric({ name: 'errors', control: [3, 3, 3], experiment: [5, 5, 5], direction: 'increase' }),
    ).toMatchObject({ classification: 'High', estimate: 2, lower: 2, upper: 2 });
  });
});

describe('judging a canary', () => {
  const pass = (name: string, weight?: number): MetricSamples => ({
    name,
    control: [1, 2, 3, 4],
    experiment: [1.5, 2.5, 3.5, 0.5],
    direction: 'increase',
    weight,
  });
  const high = (name: string, extra: Partial<MetricSamples> = {}): MetricSamples => ({
    name,
    ...worse,
    direction: 'increase',
    ...extra,
  });

  it('scores the weighted share of passing metrics against the thresholds', () => {
    // 3 / (3 + 1) = 75 → marginal (75 ≤ score < 95).
    const marginal = judgeCanary([pass('a', 3), high('b')]);
    expect(marginal).toMatchObject({ verdict: 'marginal', score: 75 });
    expect(marginal.reason).toBe('b is higher in the canary (mean ×10.0)');
    // 2 / 3 = 66.67 → fail.
    expect(judgeCanary([pass('a'), pass('b'), high('c')])).toMatchObject({ verdict: 'fail', score: 66.67 });
    expect(judgeCanary([pass('a'), pass('b')])).toMatchObject({ verdict: 'pass', score: 100, reason: null });
    expect(judgeCanary([pass('a'), high('b')], { pass: 50, marginal: 40 })).toMatchObject({
      verdict: 'pass',
      score: 50,
    });
  });

  it('fails the run on a critical metric, whatever the score', () => {
    const judged = judgeCanary([pass('a', 100), high('errors', { critical: true })]);
    expect(judged).toMatchObject({ verdict: 'fail', score: 0 });
    expect(judged.reason).toBe(
      'critical metric errors: errors is higher in the canary (mean ×10.0) (critical)',
    );
    // A critical threshold above the change: High, but not a run failure (score 100 / 101 × 100 = 99.01).
    expect(
      judgeCanary([pass('a', 100), high('errors', { critical: true, criticalIncrease: 20 })]),
    ).toMatchObject({
      verdict: 'pass',
      score: 99.01,
    });
  });

  it('leaves metrics without data out of the score, and fails when half have none', () => {
    const empty: MetricSamples = { name: 'gone', control: [], experiment: [], direction: 'increase' };
    expect(judgeCanary([pass('a'), pass('b'), empty])).toMatchObject({ verdict: 'pass', score: 100 });
    expect(judgeCanary([pass('a'), empty])).toMatchObject({
      verdict: 'fail',
      score: 0,
      reason: '1 of 2 metrics have no data',
    });
  });
});

describe('over many seeded synthetic canaries', () => {
  it('passes identical versions and fails a clearly worse one', () => {
    const random = seeded(20261206);
    let falseFailures = 0;
    let caught = 0;
    const runs = 200;
    for (let run = 0; run < runs; run++) {
      if (judgeCanary(syntheticCanary(random, false)).verdict === 'fail') falseFailures++;
      if (judgeCanary(syntheticCanary(random, true)).verdict === 'fail') caught++;
    }
    // A two-sided 95 % interval clears zero upwards in ~2.5 % of identical runs per metric; the tolerance
    // makes it rarer. A 30 % latency and 50 % error increase are far outside the noise.
    expect(falseFailures / runs).toBeLessThan(0.05);
    expect(caught).toBe(runs);
  });
});
