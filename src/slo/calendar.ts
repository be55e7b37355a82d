import { fromWallMs, toWallMs } from '../core/time-zone.ts';

export { fromWallMs, isKnownTimeZone, toWallMs, zoneOffsetMs } from '../core/time-zone.ts';

/** A calendar SLO period: weeks start on Monday 00:00 local, months on the 1st, quarters on Jan/Apr/Jul/Oct 1st. */
export type CalendarUnit = 'week' | 'month' | 'quarter';

function startWall(wallNow: number, unit: CalendarUnit, periodsAhead: number): number {
  const date = new Date(wallNow);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (unit) {
    case 'week': {
      const daysSinceMonday = (date.getUTCDay() + 6) % 7;
      return Date.UTC(year, month, date.getUTCDate() - daysSinceMonday + 7 * periodsAhead);
    }
    case 'month':
      return Date.UTC(year, month + periodsAhead, 1);
    case 'quarter':
      return Date.UTC(year, month - (month % 3) + 3 * periodsAhead, 1);
  }
}

/** Start (epoch ms) of the calendar period holding `nowMs`, at local midnight in `timeZone`. */
export function periodStart(nowMs: number, unit: CalendarUnit, timeZone: string): number {
  return fromWallMs(startWall(toWallMs(nowMs, timeZone), unit, 0), timeZone);
}

/** End (epoch ms, exclusive) of the calendar period holding `nowMs`: the next period's start. */
export function periodEnd(nowMs: number, unit: CalendarUnit, timeZone: string): number {
  return fromWallMs(startWall(toWallMs(nowMs, timeZone), unit, 1), timeZone);
}
