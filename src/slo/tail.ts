import type { Counts } from './budget.ts';

/**
 * Events a polled source has counted past the series' settled buckets, in (fromMs, toMs]: read again on
 * every poll and never stored. Only the catastrophic tier looks at it, so a near-total outage pages on
 * what Prometheus already holds rather than after the minute settles; budgets, burn rates and the page
 * and ticket tiers stay on settled data.
 */
export interface ProvisionalTail {
  /** The settled end of the series (the source cursor) when the tail was read. */
  fromMs: number;
  toMs: number;
  good: number;
  total: number;
}

/** A tail older than this is left out: its source stopped answering, and the settled data will follow. */
export const TAIL_FRESH_MS = 60_000;

/** The tail if it is fresh at `nowMs`. */
export function freshTail(tail: ProvisionalTail | undefined, nowMs: number): ProvisionalTail | undefined {
  return tail && nowMs - tail.toMs <= TAIL_FRESH_MS ? tail : undefined;
}

/**
 * Window sums of `sums` with the part of `tail` that lies in (nowMs − W, nowMs] added, spread evenly over
 * the tail: a one-minute window over a 90-second tail takes two thirds of its events.
 */
export function sumsWithTail(
  sums: { windowSum(windowMs: number): Counts },
  tail: ProvisionalTail,
  nowMs: number,
): { windowSum(windowMs: number): Counts } {
  const spanMs = tail.toMs - tail.fromMs;
  return {
    windowSum(windowMs: number): Counts {
      const settled = sums.windowSum(windowMs);
      const overlapMs = Math.max(0, tail.toMs - Math.max(tail.fromMs, nowMs - windowMs));
      const share = spanMs > 0 ? Math.min(1, overlapMs / spanMs) : 0;
      return { good: settled.good + tail.good * share, total: settled.total + tail.total * share };
    },
  };
}
