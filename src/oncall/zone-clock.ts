import { DAY_MS } from '../core/duration.ts';
import { zoneOffsetMs } from '../core/time-zone.ts';

/** Local-time conversions for one zone, equal to core's `toWallMs` / `fromWallMs` but cheap to repeat. */
export interface ZoneClock {
  /** Offset (local minus UTC) in effect at `utcMs`. */
  offsetAt(utcMs: number): number;
  /** Same result as `toWallMs(utcMs, timeZone)`. */
  toWall(utcMs: number): number;
  /** Same result as `fromWallMs(wallMs, timeZone)`: earlier instant in overlaps, moved forward in gaps. */
  toUtc(wallMs: number): number;
}

interface OffsetChange {
  atMs: number;
  offsetMs: number;
}

const WEEK_MS = 7 * DAY_MS;
const SECOND_MS = 1000;
const MAX_CACHED_WEEKS = 20_000;

// One Intl lookup costs microseconds and a 4-week schedule needs hundreds of conversions, so offset changes
// are found once per zone and UTC-aligned week, then reused; entries are pure facts about tzdata.
const weeksByZone = new Map<string, Map<number, OffsetChange[]>>();
let cachedWeeks = 0;

/** Bisects [lo, hi) down to the second: zoneOffsetMs is constant within each whole second. */
function collectChanges(timeZone: string, lo: OffsetChange, hi: OffsetChange, out: OffsetChange[]): void {
  if (hi.atMs - lo.atMs <= SECOND_MS) {
    out.push(hi);
    return;
  }
  const midMs = lo.atMs + Math.floor((hi.atMs - lo.atMs) / 2 / SECOND_MS) * SECOND_MS;
  const mid = { atMs: midMs, offsetMs: zoneOffsetMs(midMs, timeZone) };
  if (mid.offsetMs !== lo.offsetMs) collectChanges(timeZone, lo, mid, out);
  if (mid.offsetMs !== hi.offsetMs) collectChanges(timeZone, mid, hi, out);
}

/** Offset at the week's start, then every change inside it (assumes no pair of changes cancels within a week). */
function weekChanges(timeZone: string, week: number): OffsetChange[] {
  let weeks = weeksByZone.get(timeZone);
  const cached = weeks?.get(week);
  if (cached) return cached;
  if (cachedWeeks >= MAX_CACHED_WEEKS) {
    weeksByZone.clear();
    cachedWeeks = 0;
    weeks = undefined;
  }
  const startMs = week * WEEK_MS;
  const start = { atMs: startMs, offsetMs: zoneOffsetMs(startMs, timeZone) };
  const end = { atMs: startMs + WEEK_MS, offsetMs: zoneOffsetMs(startMs + WEEK_MS, timeZone) };
  const changes = [start];
  if (start.offsetMs !== end.offsetMs) collectChanges(timeZone, start, end, changes);
  // The week's end belongs to the next week.
  if (changes.at(-1)?.atMs === end.atMs) changes.pop();
  if (!weeks) {
    weeks = new Map();
    weeksByZone.set(timeZone, weeks);
  }
  weeks.set(week, changes);
  cachedWeeks += 1;
  return changes;
}

/** A clock for `timeZone`; throws invalid_config (from core) when the zone is unknown. */
export function zoneClock(timeZone: string): ZoneClock {
  // Conversions come in runs within one week, so the last week's changes are kept at hand.
  let week = Number.NaN;
  let changes: OffsetChange[] = [];
  const offsetAt = (utcMs: number): number => {
    const wanted = Math.floor(utcMs / WEEK_MS);
    if (wanted !== week) {
      changes = weekChanges(timeZone, wanted);
      week = wanted;
    }
    let offsetMs = (changes[0] as OffsetChange).offsetMs;
    for (let i = 1; i < changes.length && (changes[i] as OffsetChange).atMs <= utcMs; i += 1) {
      offsetMs = (changes[i] as OffsetChange).offsetMs;
    }
    return offsetMs;
  };
  const toWall = (utcMs: number): number => utcMs + offsetAt(utcMs);
  const toUtc = (wallMs: number): number => {
    const offsetBefore = offsetAt(wallMs - DAY_MS);
    const offsetAfter = offsetAt(wallMs + DAY_MS);
    const before = wallMs - offsetBefore;
    if (offsetBefore === offsetAfter) return before;
    // Near a change, mirror fromWallMs: the earlier instant that shows this wall time, else skip the gap.
    const after = wallMs - offsetAfter;
    const beforeFits = toWall(before) === wallMs;
    const afterFits = toWall(after) === wallMs;
    if (beforeFits && afterFits) return Math.min(before, after);
    if (afterFits) return after;
    return before;
  };
  return { offsetAt, toWall, toUtc };
}
