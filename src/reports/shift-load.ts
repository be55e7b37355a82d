import { HOUR_MS } from '../core/duration.ts';

/** One stretch of a schedule's final rotation: `person` was on call for `schedule` during [startMs, endMs). */
export interface ScheduleShift {
  schedule: string;
  person: string;
  startMs: number;
  endMs: number;
}

/** When a person was first notified for a page. */
export interface PersonNotification {
  pageId: number;
  person: string;
  atMs: number;
}

/** How many pages one shift took, and whether that is more than the seed's healthy load. */
export interface ShiftLoad {
  schedule: string;
  person: string;
  start: string;
  end: string;
  pages: number;
  /** Pages per 12 hours of shift; a shift of 12 hours or less counts as 12 hours. */
  pagesPer12Hours: number;
  overloaded: boolean;
}

/** Seed 003 §06: more than ~2 pages per 12-hour shift is a problem. */
export const MAX_PAGES_PER_12_HOURS = 2;
const TWELVE_HOURS_MS = 12 * HOUR_MS;

/**
 * Pages per 12 hours of a shift lasting `durationMs`. Shorter shifts count as 12 hours, so a 1-hour
 * shift is judged like a 12-hour one (more than 2 pages) rather than scaled up from one page.
 */
export function pagesPer12Hours(pages: number, durationMs: number): number {
  return pages / Math.max(1, durationMs / TWELVE_HOURS_MS);
}

/** Touching entries of one person in one schedule (say a layer then an override) are one shift. */
export function joinShifts(shifts: ScheduleShift[]): ScheduleShift[] {
  const sorted = [...shifts].sort((a, b) => a.schedule.localeCompare(b.schedule) || a.startMs - b.startMs);
  const out: ScheduleShift[] = [];
  for (const shift of sorted) {
    const last = out.at(-1);
    const continues =
      last?.schedule === shift.schedule && last.person === shift.person && last.endMs === shift.startMs;
    if (last && continues) last.endMs = shift.endMs;
    else out.push({ ...shift });
  }
  return out;
}

/** Index of the first element of sorted `times` that is >= `value`. */
function lowerBound(times: number[], value: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((times[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Load of every shift: the pages whose notification reached the shift's person during the shift.
 * A shift is overloaded when it took more than 2 pages per 12 hours (see `pagesPer12Hours`).
 */
export function shiftLoads(shifts: ScheduleShift[], notifications: PersonNotification[]): ShiftLoad[] {
  const timesByPerson = new Map<string, number[]>();
  for (const { person, atMs } of notifications) {
    const times = timesByPerson.get(person) ?? [];
    times.push(atMs);
    timesByPerson.set(person, times);
  }
  for (const times of timesByPerson.values()) times.sort((a, b) => a - b);
  return joinShifts(shifts)
    .sort((a, b) => a.startMs - b.startMs || a.schedule.localeCompare(b.schedule))
    .map(({ schedule, person, startMs, endMs }) => {
      const times = timesByPerson.get(person) ?? [];
      const pages = lowerBound(times, endMs) - lowerBound(times, startMs);
      const rate = pagesPer12Hours(pages, endMs - startMs);
      return {
        schedule,
        person,
        start: new Date(startMs).toISOString(),
        end: new Date(endMs).toISOString(),
        pages,
        pagesPer12Hours: Math.round(rate * 100) / 100,
        overloaded: rate > MAX_PAGES_PER_12_HOURS,
      };
    });
}
