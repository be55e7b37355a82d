import { DAY_MS } from '../core/duration.ts';
import { utcDate } from '../core/time-format.ts';

/** How a minute with data counts: degraded performance counts as up (DESIGN.md §7). */
export type MinuteState = 'up' | 'partial' | 'down';

/** A minute is down (major outage) when some SLO served fewer than half of its events well. */
export const DOWN_BELOW_RATIO = 0.5;
/** A minute is a partial outage when some SLO burned its budget at the Workbook's page rate or faster. */
export const PARTIAL_BURN_RATE = 14.4;
/** Atlassian Statuspage's convention: a partial-outage minute counts as 30 % down. */
export const PARTIAL_DOWN_WEIGHT = 0.3;
/** The bar's length. */
export const UPTIME_DAYS = 90;

/** One SLO instance's bucket in one minute, with the SLO's objective in percent. */
export interface MinuteSample {
  good: number;
  total: number;
  objective: number;
}

/**
 * Classifies one minute of a component from its SLO instances' buckets; null when none has events.
 * ratio < 0.5 is written good < 0.5 × total, and burn = (1 − ratio) / budget ≥ 14.4 as
 * total − good ≥ 14.4 × budget × total, exactly as the SQL in `uptime-store.ts` computes it (a 100 %
 * objective has no budget, so any bad event burns infinitely fast).
 */
export function classifyMinute(samples: readonly MinuteSample[]): MinuteState | null {
  let state: MinuteState | null = null;
  for (const { good, total, objective } of samples) {
    if (total <= 0) continue;
    if (good < DOWN_BELOW_RATIO * total) return 'down';
    const budget = 1 - objective / 100;
    const partial = good < total && total - good >= PARTIAL_BURN_RATE * budget * total;
    state = partial ? 'partial' : (state ?? 'up');
  }
  return state;
}

/** Minutes of one component on one UTC day, maintenance already left out; `partial` excludes `down`. */
export interface DayTally {
  counted: number;
  down: number;
  partial: number;
}

export const emptyTally = (): DayTally => ({ counted: 0, down: 0, partial: 0 });

/** Counts classified minutes (null ones have no data and are not counted). */
export function tallyMinutes(states: Iterable<MinuteState | null>): DayTally {
  const tally = emptyTally();
  for (const state of states) {
    if (state === null) continue;
    tally.counted += 1;
    if (state === 'down') tally.down += 1;
    if (state === 'partial') tally.partial += 1;
  }
  return tally;
}

/** 100 × (counted − down − 0.3 × partial) / counted; null when nothing was counted ("no data", never 100). */
export function uptimePercent(tally: DayTally): number | null {
  if (tally.counted === 0) return null;
  const downMinutes = tally.down + PARTIAL_DOWN_WEIGHT * tally.partial;
  return (100 * (tally.counted - downMinutes)) / tally.counted;
}

/** The worst minute of a tally; null when nothing was counted. */
export function worstMinute(tally: DayTally): MinuteState | null {
  if (tally.counted === 0) return null;
  return tally.down > 0 ? 'down' : tally.partial > 0 ? 'partial' : 'up';
}

/** Uptime over several days, weighted by minutes (a day with little data weighs little). */
export function totalUptimePercent(tallies: Iterable<DayTally>): number | null {
  const sum = emptyTally();
  for (const tally of tallies) {
    sum.counted += tally.counted;
    sum.down += tally.down;
    sum.partial += tally.partial;
  }
  return uptimePercent(sum);
}

/** One bar of the 90-day uptime chart. */
export interface UptimeDay {
  /** UTC date, `YYYY-MM-DD`. */
  date: string;
  uptimePercent: number | null;
  worst: MinuteState | null;
}

/** Days since the epoch in UTC. */
export const dayIndexOf = (ms: number): number => Math.floor(ms / DAY_MS);
export const dateOfDay = (day: number): string => utcDate(day * DAY_MS);

/** The last `UPTIME_DAYS` days ending with today, oldest first; days missing from `tallies` have no data. */
export function uptimeDays(tallies: ReadonlyMap<number, DayTally>, nowMs: number): UptimeDay[] {
  const today = dayIndexOf(nowMs);
  const days: UptimeDay[] = [];
  for (let day = today - UPTIME_DAYS + 1; day <= today; day++) {
    const tally = tallies.get(day) ?? emptyTally();
    days.push({ date: dateOfDay(day), uptimePercent: uptimePercent(tally), worst: worstMinute(tally) });
  }
  return days;
}

export type BarLevel = 'green' | 'yellow' | 'orange' | 'red' | 'none';

/** Colour of a day's bar: green only for a day without an outage minute. */
export function barLevel(day: Pick<UptimeDay, 'uptimePercent' | 'worst'>): BarLevel {
  const percent = day.uptimePercent;
  if (percent === null) return 'none';
  if (day.worst === 'up') return 'green';
  if (percent >= 99.9) return 'yellow';
  return percent >= 99 ? 'orange' : 'red';
}

/** A percent for people: truncated to two decimals so a day with any downtime never reads 100.00. */
export function formatPercent(percent: number): string {
  return (Math.floor(percent * 100 + 1e-9) / 100).toFixed(2);
}
