/** The one place instants become text. Every format is UTC. */

/** RFC 3339 with milliseconds, as the API and feeds show instants: `2026-01-02T03:04:05.000Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `isoTime`, keeping "not yet" (null) as null. */
export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}

/** For people reading a notification or a feed: `2026-01-02 03:04 UTC`. */
export function utcMinuteText(ms: number): string {
  return `${isoTime(ms).slice(0, 16).replace('T', ' ')} UTC`;
}

/** The calendar day: `2026-01-02`. */
export function utcDate(ms: number): string {
  return isoTime(ms).slice(0, 10);
}

/** The calendar month: `2026-01`. */
export function utcMonth(ms: number): string {
  return isoTime(ms).slice(0, 7);
}

/** The time of day for terminal logs: `03:04:05`. */
export function utcClockTime(ms: number): string {
  return isoTime(ms).slice(11, 19);
}

/** iCalendar's UTC form (RFC 5545 §3.3.5): `20260102T030405Z`. */
export function icalUtcTime(ms: number): string {
  return `${isoTime(ms).slice(0, 19).replace(/[-:]/g, '')}Z`;
}
