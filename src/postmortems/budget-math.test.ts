import { describe, expect, it } from 'vitest';
import { budgetFigures, type MinuteBucket, sliceBuckets } from './budget-math.ts';

const MIN = 60_000;
const occurrences = { method: 'occurrences' } as const;

/** `count` consecutive minute buckets from `startMs`, each with `total` events of which `bad` bad. */
function minutes(startMs: number, count: number, total: number, bad: number): MinuteBucket[] {
  return Array.from({ length: count }, (_, i) => ({ startMs: startMs + i * MIN, good: total - bad, total }));
}

describe('budgetFigures', () => {
  it('charges 30 % of a 99 % budget for 300 bad events out of 100,000 in the window', () => {
    // Window [0, 100 min): 100 minutes x 1,000 events = 100,000; budget = 1 % = 1,000 bad events.
    // Incident [90 min, 100 min): 10 minutes x 30 bad = 300 -> 300 / 1,000 = 30 %.
    const buckets = [...minutes(0, 90, 1_000, 0), ...minutes(90 * MIN, 10, 1_000, 30)];
    const figures = budgetFigures({
      objective: 99,
      budgeting: occurrences,
      buckets,
      bucketMs: MIN,
      fromMs: 90 * MIN,
      toMs: 100 * MIN,
      windowStartMs: 0,
    });
    expect(figures).toEqual({
      badEvents: 300,
      totalEvents: 10_000,
      windowTotalEvents: 100_000,
      consumedPercent: 30,
      remainingPercentAtEnd: 70,
      breached: false,
    });
  });

  it('reports a breach when the window has spent more than its budget by the end', () => {
    // Window 10 minutes x 100 = 1,000 events, 99 % -> budget 10. Earlier 8 bad + incident 5 bad = 13:
    // consumed 5 / 10 = 50 %, remaining 100 x (1 - 13/10) = -30 %.
    const buckets = [
      { startMs: 0, good: 92, total: 100 },
      ...minutes(MIN, 8, 100, 0),
      { startMs: 9 * MIN, good: 95, total: 100 },
    ];
    const figures = budgetFigures({
      objective: 99,
      budgeting: occurrences,
      buckets,
      bucketMs: MIN,
      fromMs: 9 * MIN + 30_000,
      toMs: 10 * MIN,
      windowStartMs: 0,
    });
    expect(figures.badEvents).toBe(5);
    expect(figures.consumedPercent).toBeCloseTo(50, 9);
    expect(figures.remainingPercentAtEnd).toBeCloseTo(-30, 9);
    expect(figures.breached).toBe(true);
  });

  it('is null, not NaN, when the window holds no events', () => {
    const figures = budgetFigures({
      objective: 99.9,
      budgeting: occurrences,
      buckets: [],
      bucketMs: MIN,
      fromMs: 0,
      toMs: MIN,
      windowStartMs: 0,
    });
    expect(figures).toMatchObject({ consumedPercent: null, remainingPercentAtEnd: null, breached: false });
  });

  it('leaves excluded minutes out, as the live engine does', () => {
    // 2 minutes x 100 events at 99 %: budget 2; the excluded minute's 50 bad events do not count.
    const figures = budgetFigures({
      objective: 99,
      budgeting: occurrences,
      buckets: [
        { startMs: 0, good: 50, total: 100 },
        { startMs: MIN, good: 99, total: 100 },
        { startMs: 2 * MIN, good: 100, total: 100 },
      ],
      bucketMs: MIN,
      fromMs: 0,
      toMs: 3 * MIN,
      windowStartMs: 0,
      excluded: [{ startMs: 0, endMs: MIN }],
    });
    // 1 bad of budget 0.01 x 200 = 2 -> 50 %.
    expect(figures.badEvents).toBe(1);
    expect(figures.consumedPercent).toBeCloseTo(50, 9);
  });

  it('counts bad slices for timeslice SLOs', () => {
    // 5-minute slices, good when >= 95 % good. 4 slices: the third (10-15 min) has 10 % bad -> bad.
    // Objective 50 % -> budget 0.5 x 4 slices = 2; incident covers slice 3 only -> 1 / 2 = 50 %.
    const buckets = [
      ...minutes(0, 10, 100, 0),
      ...minutes(10 * MIN, 5, 100, 10),
      ...minutes(15 * MIN, 5, 100, 0),
    ];
    const figures = budgetFigures({
      objective: 50,
      budgeting: { method: 'timeslices', sliceMs: 5 * MIN, sliceTarget: 0.95 },
      buckets,
      bucketMs: MIN,
      fromMs: 11 * MIN,
      toMs: 20 * MIN,
      windowStartMs: 0,
    });
    expect(figures).toMatchObject({
      badEvents: 1,
      totalEvents: 2,
      windowTotalEvents: 4,
      consumedPercent: 50,
    });
  });
});

describe('sliceBuckets', () => {
  it('skips slices without events', () => {
    expect(sliceBuckets([{ startMs: 0, good: 0, total: 0 }], 5 * MIN, 0.9)).toEqual([]);
  });
});
