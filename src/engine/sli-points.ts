import { MINUTE_MS } from '../core/duration.ts';
import type { SloEngine } from './slo-engine.ts';

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

/** Feeds committed points to the in-memory series (after the transaction that stored them committed). */
export function applyToSeries(engine: SloEngine, points: SliPoint[], nowMs: number): void {
  for (const point of points) {
    const instance = engine.instances.get(point.slo);
    if (!instance) continue;
    instance.series.advance(nowMs);
    instance.series.add(point.timeMs, point.good, point.total);
  }
}
