import { DAY_MS, MINUTE_MS } from '../core/duration.ts';
import type { Restriction, Weekday } from '../specs/index.ts';
import { type Interval, unionIntervals } from './intervals.ts';
import type { ZoneClock } from './zone-clock.ts';

const weekdays: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Weekday of a local midnight; day 0 of the epoch (1 January 1970) was a Thursday. */
function weekdayOf(dayWallMs: number): Weekday {
  const day = Math.round(dayWallMs / DAY_MS);
  return weekdays[(((day + 4) % 7) + 7) % 7] as Weekday;
}

/**
 * The instants inside [fromMs, toMs) that fall in any restriction window, sorted and joined. A window
 * belongs to the local day it starts on; one whose end is not after its start runs into the next day.
 */
export function restrictionWindows(
  restrictions: Restriction[],
  clock: ZoneClock,
  fromMs: number,
  toMs: number,
): Interval[] {
  if (toMs <= fromMs) return [];
  // Start a day early: yesterday's window may cross midnight into the range.
  const firstDay = Math.floor(clock.toWall(fromMs) / DAY_MS) * DAY_MS - DAY_MS;
  const lastDay = Math.floor(clock.toWall(toMs) / DAY_MS) * DAY_MS;
  const windows: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    const weekday = weekdayOf(day);
    for (const restriction of restrictions) {
      if (!restriction.days.includes(weekday)) continue;
      const crossesMidnight = restriction.endMinute <= restriction.startMinute;
      const startWall = day + restriction.startMinute * MINUTE_MS;
      const endWall = day + restriction.endMinute * MINUTE_MS + (crossesMidnight ? DAY_MS : 0);
      windows.push({
        startMs: Math.max(fromMs, clock.toUtc(startWall)),
        endMs: Math.min(toMs, clock.toUtc(endWall)),
      });
    }
  }
  return unionIntervals(windows);
}
