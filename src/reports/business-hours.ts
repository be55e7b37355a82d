import { toWallMs } from '../core/time-zone.ts';

/** Business hours start at 09:00 local, in minutes after midnight. */
export const BUSINESS_START_MINUTE = 9 * 60;
/** Business hours end at 17:00 local (exclusive), in minutes after midnight. */
export const BUSINESS_END_MINUTE = 17 * 60;

/** True when `atMs` falls on Monday to Friday, 09:00 (inclusive) to 17:00 (exclusive), in `timeZone`. */
export function isBusinessHours(atMs: number, timeZone: string): boolean {
  // The wall time read as UTC gives the local weekday and time of day without a date library.
  const wall = new Date(toWallMs(atMs, timeZone));
  const weekday = wall.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const minute = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  return minute >= BUSINESS_START_MINUTE && minute < BUSINESS_END_MINUTE;
}
