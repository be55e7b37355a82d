import { DAY_MS, HOUR_MS } from '../core/duration.ts';
import { classifiedMinutesPerDay } from '../engine/index.ts';
import type { Queryable } from '../storage/index.ts';
import {
  type DayTally,
  DOWN_BELOW_RATIO,
  dayIndexOf,
  emptyTally,
  PARTIAL_BURN_RATE,
  UPTIME_DAYS,
} from './uptime.ts';

/** What uptime is computed from: each component's SLO instances and its maintenance windows. */
export interface UptimePlan {
  components: readonly string[];
  /** `budget` is 1 − objective / 100 of the SLO instance. */
  members: ReadonlyArray<{ component: string; slo: string; budget: number }>;
  /** Minutes starting inside one of these are left out of the component's uptime. */
  windows: ReadonlyArray<{ component: string; startMs: number; endMs: number }>;
}

/** One tally per component and UTC day that has data, classified by the same rules as `classifyMinute`. */
export async function queryDayTallies(
  db: Queryable,
  plan: UptimePlan,
  range: { fromMs: number; toMs: number },
): Promise<Array<{ component: string; day: number; tally: DayTally }>> {
  if (plan.members.length === 0) return [];
  const rows = await classifiedMinutesPerDay(db, {
    members: plan.members,
    windows: plan.windows,
    ...range,
    downBelowRatio: DOWN_BELOW_RATIO,
    partialBurnRate: PARTIAL_BURN_RATE,
  });
  return rows.map(({ component, day, ...tally }) => ({ component, day, tally }));
}

/** Data for a day may still arrive this long after it ends (source settle time, retried pushes). */
const SETTLE_MS = HOUR_MS;
const DAYS_PER_QUERY = 10;

/**
 * Finished days' tallies, kept in memory: a day is recomputed only while it is today (or just ended),
 * when the component's SLO instances change, or when a maintenance overlapping it changes.
 */
export class UptimeCache {
  private membersKey = '';
  private readonly entries = new Map<string, { windowsKey: string; tally: DayTally }>();

  /** Tallies per component and day for the last `UPTIME_DAYS` days (every day present, maybe empty). */
  async tallies(db: Queryable, plan: UptimePlan, nowMs: number): Promise<Map<string, Map<number, DayTally>>> {
    const membersKey = JSON.stringify([plan.components, plan.members]);
    if (membersKey !== this.membersKey) {
      this.entries.clear();
      this.membersKey = membersKey;
    }
    const today = dayIndexOf(nowMs);
    const first = today - UPTIME_DAYS + 1;
    const from = this.firstStaleDay(plan, first, dayIndexOf(nowMs - SETTLE_MS));
    const found = new Map<string, DayTally>();
    // A few days per query: a cold start reads ~1.3M rows, and other queries get the connection in between.
    for (let chunk = from; chunk <= today; chunk += DAYS_PER_QUERY) {
      const range = { fromMs: chunk * DAY_MS, toMs: Math.min(chunk + DAYS_PER_QUERY, today + 1) * DAY_MS };
      for (const row of await queryDayTallies(db, plan, range))
        found.set(`${row.component}|${row.day}`, row.tally);
    }
    for (const component of plan.components) {
      for (let day = from; day <= today; day++) {
        const key = `${component}|${day}`;
        const tally = found.get(key) ?? emptyTally();
        this.entries.set(key, { windowsKey: windowsKey(plan, component, day), tally });
      }
    }
    return this.collect(plan.components, first);
  }

  /** The first day to recompute: an uncached or changed finished day, else the first unsettled one. */
  private firstStaleDay(plan: UptimePlan, first: number, settled: number): number {
    for (let day = first; day < settled; day++) {
      for (const component of plan.components) {
        const entry = this.entries.get(`${component}|${day}`);
        if (entry?.windowsKey !== windowsKey(plan, component, day)) return day;
      }
    }
    return settled;
  }

  /** Drops days that slid out of the chart and groups the rest by component. */
  private collect(components: readonly string[], first: number): Map<string, Map<number, DayTally>> {
    const out = new Map<string, Map<number, DayTally>>();
    for (const [key, entry] of this.entries) {
      const [component, dayText] = key.split('|') as [string, string];
      const day = Number(dayText);
      if (day < first) this.entries.delete(key);
      else out.set(component, (out.get(component) ?? new Map()).set(day, entry.tally));
    }
    for (const component of components) if (!out.has(component)) out.set(component, new Map());
    return out;
  }
}

/** The maintenance windows that touch one component's day, as a comparable key. */
function windowsKey(plan: UptimePlan, component: string, day: number): string {
  const start = day * DAY_MS;
  const end = start + DAY_MS;
  const touching = plan.windows.filter(
    (w) => w.component === component && w.startMs < end && w.endMs > start,
  );
  return touching.map((w) => `${w.startMs}-${w.endMs}`).join(',');
}
