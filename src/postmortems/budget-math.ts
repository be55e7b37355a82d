import { budgetFraction, type Interval } from '../slo/index.ts';
import type { Budgeting } from '../specs/index.ts';

/** One stored SLI bucket: `good` and `total` events in [startMs, startMs + lengthMs). */
export interface MinuteBucket {
  startMs: number;
  good: number;
  total: number;
}

/** The figures of one SLO over an incident, before naming the SLO. */
export interface BudgetFigures {
  badEvents: number;
  totalEvents: number;
  windowTotalEvents: number;
  consumedPercent: number | null;
  remainingPercentAtEnd: number | null;
  breached: boolean;
}

/** Inputs of `budgetFigures`; `buckets` cover at least [min(windowStartMs, fromMs), toMs). */
export interface BudgetFiguresInput {
  objective: number;
  budgeting: Budgeting;
  buckets: readonly MinuteBucket[];
  /** Bucket length; 1 minute for `sli_buckets`. */
  bucketMs: number;
  fromMs: number;
  toMs: number;
  /** Start of the SLO window that ends at `toMs`. */
  windowStartMs: number;
  /** Buckets starting inside these intervals are left out, as the live engine does. */
  excluded?: readonly Interval[];
}

const isExcluded = (timeMs: number, intervals: readonly Interval[]): boolean =>
  intervals.some((interval) => timeMs >= interval.startMs && timeMs < interval.endMs);

/** Turns minute buckets into one pseudo-bucket per time slice with data: 1 total, 1 or 0 good. */
export function sliceBuckets(
  buckets: readonly MinuteBucket[],
  sliceMs: number,
  sliceTarget: number,
): MinuteBucket[] {
  const slices = new Map<number, { good: number; total: number }>();
  for (const bucket of buckets) {
    const start = Math.floor(bucket.startMs / sliceMs) * sliceMs;
    const slice = slices.get(start) ?? { good: 0, total: 0 };
    slice.good += Math.min(bucket.good, bucket.total);
    slice.total += bucket.total;
    slices.set(start, slice);
  }
  return [...slices.entries()]
    .filter(([, slice]) => slice.total > 0)
    .sort(([a], [b]) => a - b)
    .map(([startMs, slice]) => ({
      startMs,
      good: slice.good / slice.total >= sliceTarget ? 1 : 0,
      total: 1,
    }));
}

/**
 * Error budget an incident consumed: bad events in buckets overlapping [fromMs, toMs) over the budget
 * of the SLO window ending at `toMs` ((1 − objective/100) × window events). Timeslice SLOs count bad
 * slices over slices with data instead of events. consumedPercent is null when the window is empty.
 */
export function budgetFigures(input: BudgetFiguresInput): BudgetFigures {
  const { fromMs, toMs, windowStartMs, excluded = [] } = input;
  const kept = input.buckets.filter((bucket) => !isExcluded(bucket.startMs, excluded));
  const { budgeting } = input;
  const [units, lengthMs] =
    budgeting.method === 'timeslices'
      ? [sliceBuckets(kept, budgeting.sliceMs, budgeting.sliceTarget), budgeting.sliceMs]
      : [kept, input.bucketMs];
  let badEvents = 0;
  let totalEvents = 0;
  let windowBad = 0;
  let windowTotalEvents = 0;
  for (const unit of units) {
    if (unit.startMs >= toMs) continue;
    const bad = Math.max(0, unit.total - unit.good);
    if (unit.startMs + lengthMs > fromMs) {
      badEvents += bad;
      totalEvents += unit.total;
    }
    if (unit.startMs >= windowStartMs) {
      windowBad += bad;
      windowTotalEvents += unit.total;
    }
  }
  const budget = budgetFraction(input.objective) * windowTotalEvents;
  const consumedPercent = budget > 0 ? (100 * badEvents) / budget : null;
  const remainingPercentAtEnd = budget > 0 ? 100 * (1 - windowBad / budget) : null;
  return {
    badEvents,
    totalEvents,
    windowTotalEvents,
    consumedPercent,
    remainingPercentAtEnd,
    breached: remainingPercentAtEnd !== null && remainingPercentAtEnd < 0,
  };
}
