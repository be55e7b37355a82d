import { describe, expect, it } from 'vitest';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { acceptsTime } from './accepts-time.ts';
import { evaluateSlo } from './evaluate.ts';
import { SliSeries } from './sli-series.ts';
import { isGoodSlice, SliceBuffer } from './timeslices.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-02-02T00:00:00Z');

// 5-minute slices, good at >= 95 %; objective 50 % of slices (budget: half the slices may be bad).
const slo = makeSlo({
  objective: 50,
  budgeting: { method: 'timeslices', sliceMs: 5 * MIN, sliceTarget: 0.95 },
  exclusions: [{ kind: 'once', startMs: T0 + 25 * MIN, endMs: T0 + 30 * MIN }],
});

/** Raw per-minute data [minute, good, total] for the scripted slices below. */
const minutes: [number, number, number][] = [
  // A [0,5): 99 good of 100 every minute -> 495/500 = 99 %: good slice.
  ...[0, 1, 2, 3, 4].map((m): [number, number, number] => [m, 99, 100]),
  // B [5,10): one minute all bad -> 400/500 = 80 %: bad slice.
  [5, 0, 100],
  ...[6, 7, 8, 9].map((m): [number, number, number] => [m, 100, 100]),
  // C [10,15): 95 of 100 every minute -> 475/500 = 95 % exactly: good slice (target is inclusive).
  ...[10, 11, 12, 13, 14].map((m): [number, number, number] => [m, 95, 100]),
  // D [15,20): no data: does not count.
  // E [20,25): 960/1000 then 0/10 -> 960/1010 = 95.05 %: good (the average of ratios, 48 %, would be bad).
  [20, 960, 1000],
  [21, 0, 10],
  // F [25,30): all bad but excluded: does not count.
  [25, 0, 100],
  [26, 0, 100],
  // G [30,35): still open at 36m (sealed at 35m + 2m grace).
  [30, 0, 100],
];

function scriptedSeries(): SliSeries {
  const series = new SliSeries({ slo, nowMs: T0 });
  for (const [m, good, total] of minutes) {
    series.advance(T0 + m * MIN + 30_000);
    series.add(T0 + m * MIN, good, total);
  }
  series.advance(T0 + 36 * MIN);
  return series;
}

describe('timeslice budgeting', () => {
  it('counts sealed slices with data, each good or bad by its traffic-weighted ratio', () => {
    const series = scriptedSeries();
    // Sealed and counted: A good, B bad, C good, E good -> 3 good slices of 4.
    expect(series.budgetSum()).toEqual({ good: 3, total: 4 });
    const evaluation = evaluateSlo({ slo, series, nowMs: T0 + 36 * MIN });
    expect(evaluation.sli).toEqual({ good: 3, total: 4, ratio: 0.75 });
    // Bad slice ratio 1/4 over a budget of 1/2: consumed 0.5, remaining 0.5 -> caution.
    expect(evaluation.errorBudget).toEqual({ remaining: 0.5, consumed: 0.5 });
    expect(evaluation.status).toBe('caution');
    // Slices sit at their start: none started in (31m, 36m], so 5m has no slices; 1h holds all four.
    expect(evaluation.burnRates['5m']).toBeNull();
    expect(evaluation.burnRates['1h']).toBe(0.5);
  });

  it('seals a slice two minutes after it ends', () => {
    const series = scriptedSeries();
    series.advance(T0 + 37 * MIN - 1);
    expect(series.budgetSum().total).toBe(4);
    series.advance(T0 + 37 * MIN); // G [30,35) sealed: 0/100 -> bad
    expect(series.budgetSum()).toEqual({ good: 3, total: 5 });
  });

  it('refuses data for a sealed slice as late and counts it', () => {
    const series = scriptedSeries();
    expect(series.acceptsTime(T0 + 3 * MIN)).toMatchObject({ ok: false, reason: 'late' });
    expect(acceptsTime(slo, T0 + 3 * MIN, T0 + 36 * MIN)).toMatchObject({ ok: false, reason: 'late' });
    expect(series.add(T0 + 3 * MIN, 0, 100)).toBe('late');
    expect(series.counters().droppedLate).toBe(1);
    expect(series.budgetSum()).toEqual({ good: 3, total: 4 });
    // Slice G [30,35) is in its grace period and still takes data.
    expect(acceptsTime(slo, T0 + 34 * MIN, T0 + 36 * MIN)).toEqual({ ok: true });
    expect(series.add(T0 + 34 * MIN, 10_000, 10_000)).toBe('added');
    series.advance(T0 + 37 * MIN);
    // G: 10,000 good of 10,100 = 99.0 % -> good.
    expect(series.budgetSum()).toEqual({ good: 4, total: 5 });
  });

  it('stays within 32 KiB', () => {
    expect(scriptedSeries().memoryBytes()).toBeLessThanOrEqual(32 * 1024);
  });
});

describe('SliceBuffer', () => {
  it('emits sealed slices oldest first and forgets empty ones', () => {
    const buffer = new SliceBuffer({ sliceMs: MIN, sliceTarget: 0.9 });
    buffer.add(T0 + 2 * MIN, 5, 10);
    buffer.add(T0, 9, 10);
    buffer.add(T0 + MIN, 0, 0);
    const sealed: number[][] = [];
    buffer.seal(T0 + 5 * MIN, (start, good, total) => sealed.push([start - T0, good, total]));
    expect(sealed).toEqual([
      [0, 1, 1],
      [2 * MIN, 0, 1],
    ]);
    expect(buffer.openSlices).toBe(0);
  });

  it('judges a slice good at exactly the target', () => {
    expect(isGoodSlice(95, 100, 0.95)).toBe(true);
    expect(isGoodSlice(94, 100, 0.95)).toBe(false);
    expect(isGoodSlice(999, 1000, 0.999)).toBe(true);
  });
});
