import { MINUTE_MS } from '../core/duration.ts';
import { checkCatastrophic, freshTail, sumsWithTail } from '../slo/index.ts';
import type { SloEngine, SloInstance } from './slo-engine.ts';

/** Good/total for one SLO instance in one minute: the unit persisted and fed to the series. */
export interface SliPoint {
  slo: string;
  /** Start of the minute. */
  timeMs: number;
  good: number;
  total: number;
}

export function minuteOf(timeMs: number): number {
  return Math.floor(timeMs / MINUTE_MS) * MINUTE_MS;
}

/** Sums points per (SLO, minute), in time order, so one upsert row carries a whole minute. */
export function aggregateByMinute(points: Iterable<SliPoint>): SliPoint[] {
  const byKey = new Map<string, SliPoint>();
  for (const point of points) {
    const timeMs = minuteOf(point.timeMs);
    const key = `${point.slo}\u0000${timeMs}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.good += point.good;
      existing.total += point.total;
    } else {
      byKey.set(key, { slo: point.slo, timeMs, good: point.good, total: point.total });
    }
  }
  return [...byKey.values()].sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * Feeds committed points to the in-memory series (after the transaction that stored them committed), and
 * tells the engine's `onNearTotalFailure` once when the batch leaves an instance whose catastrophic tier
 * would fire. Each instance that received failures is checked once, after all its points: a backfill of
 * a month of minutes costs one check per SLO, not one per minute.
 */
export function applyToSeries(engine: SloEngine, points: SliPoint[], nowMs: number): void {
  const failing = new Set<SloInstance>();
  for (const point of points) {
    const instance = engine.instances.get(point.slo);
    if (!instance) continue;
    instance.series.advance(nowMs);
    instance.series.add(point.timeMs, point.good, point.total);
    if (point.good < point.total) failing.add(instance);
  }
  for (const instance of failing) {
    if (mayFireCatastrophic(instance)) {
      engine.onNearTotalFailure?.();
      return;
    }
  }
}

/**
 * Whether the next evaluation would page the instance: its catastrophic tier is on, its page is not firing
 * yet, and the tier's own check (burn, near-total ratio, minimum events) holds on the series as it is now.
 * O(1) window sums.
 */
export function mayFireCatastrophic(instance: SloInstance): boolean {
  const { slo, series } = instance;
  if (!slo.alerting.catastrophic.enabled || instance.alertState?.page.firing) return false;
  const tail = freshTail(instance.tail, series.nowMs);
  const sums = tail ? sumsWithTail(series, tail, series.nowMs) : series;
  return checkCatastrophic({ tier: slo.alerting.catastrophic, objective: slo.objective, sums }).firing;
}
