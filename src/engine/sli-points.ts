import { MINUTE_MS } from '../core/duration.ts';
import { checkCatastrophic } from '../slo/index.ts';
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
 * tells the engine's `onNearTotalFailure` once when one of them may fire a catastrophic tier.
 */
export function applyToSeries(engine: SloEngine, points: SliPoint[], nowMs: number): void {
  let alarming = false;
  for (const point of points) {
    const instance = engine.instances.get(point.slo);
    if (!instance) continue;
    instance.series.advance(nowMs);
    instance.series.add(point.timeMs, point.good, point.total);
    alarming ||= mayFireCatastrophic(instance, point);
  }
  if (alarming) engine.onNearTotalFailure?.();
}

/**
 * Whether the next evaluation would page on this point: it holds failures, the instance's catastrophic tier
 * is on and its page not firing yet, and the tier's own check (burn, near-total ratio, minimum events)
 * holds on the series as it is now. O(1) window sums, and nothing at all for a point without failures.
 */
export function mayFireCatastrophic(instance: SloInstance, point: SliPoint): boolean {
  const { slo, series } = instance;
  if (point.good >= point.total || !slo.alerting.catastrophic.enabled) return false;
  if (instance.alertState?.page.firing) return false;
  return checkCatastrophic({ tier: slo.alerting.catastrophic, objective: slo.objective, sums: series })
    .firing;
}
