import { DAY_MS, HOUR_MS } from '../core/duration.ts';
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

/**
 * Classifies every minute in SQL (the same rules as `classifyMinute`) and returns one tally per component
 * and UTC day that has data: 90 days × 10 SLOs is over a million bucket rows, and only ~900 come back.
 */
export async function queryDayTallies(
  db: Queryable,
  plan: UptimePlan,
  range: { fromMs: number; toMs: number },
): Promise<Array<{ component: string; day: number; tally: DayTally }>> {
  if (plan.members.length === 0) return [];
  const rows = await db.query<{
    component: string;
    day: number;
    counted: number;
    down: number;
    partial: number;
  }>(
    `WITH members AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[]) AS m(component, slo, budget)
     ), windows AS (
       SELECT * FROM unnest($4::text[], $5::bigint[], $6::bigint[]) AS w(component, start_ms, end_ms)
     ), minutes AS (
       SELECT m.component, b.start_ms,
              bool_or(b.good < $9 * b.total) AS down,
              bool_or(b.good < b.total AND b.total - b.good >= $10 * m.budget * b.total) AS partial
       FROM sli_buckets b JOIN members m ON m.slo = b.slo
       WHERE b.start_ms >= $7 AND b.start_ms < $8 AND b.total > 0
       GROUP BY m.component, b.start_ms
     )
     SELECT component, (start_ms / ${DAY_MS})::bigint AS day, count(*) AS counted,
            count(*) FILTER (WHERE down) AS down, count(*) FILTER (WHERE partial AND NOT down) AS partial
     FROM minutes
     WHERE NOT EXISTS (
       SELECT 1 FROM windows w
       WHERE w.component = minutes.component AND minutes.start_ms >= w.start_ms AND minutes.start_ms < w.end_ms)
     GROUP BY component, day`,
    [
      plan.members.map((m) => m.component),
      plan.members.map((m) => m.slo),
      plan.members.map((m) => m.budget),
      plan.windows.map((w) => w.component),
      plan.windows.map((w) => w.startMs),
      plan.windows.map((w) => w.endMs),
      range.fromMs,
      range.toMs,
      DOWN_BELOW_RATIO,
      PARTIAL_BURN_RATE,
    ],
  );
  return rows.map((row) => ({
    component: row.component,
    day: Number(row.day),
    tally: { counted: Number(row.counted), down: Number(row.down), partial: Number(row.partial) },
  }));
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
