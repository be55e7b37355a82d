import { DAY_MS } from './duration.ts';
import { NinesError } from './errors.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new NinesError('invalid_config', `unknown time zone "${timeZone}"`);
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` at `utcMs` (local wall clock minus UTC), in milliseconds. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  // Intl has second precision, so read the offset at a whole second.
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(wholeSecond)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - wholeSecond;
}

/** The wall-clock time of `utcMs` in `timeZone`, written as epoch ms of that wall time read as UTC. */
export function toWallMs(utcMs: number, timeZone: string): number {
  return utcMs + zoneOffsetMs(utcMs, timeZone);
}

/**
 * The instant whose wall-clock time in `timeZone` is `wallMs` (inverse of `toWallMs`). A wall time that
 * occurs twice (clocks going back) gives the earlier instant; one skipped by a DST gap is moved forward
 * by the gap, as Temporal's 'compatible' disambiguation does. Assumes one offset change per two days.
 */
export function fromWallMs(wallMs: number, timeZone: string): number {
  const offsetBefore = zoneOffsetMs(wallMs - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter].filter(
    (utc) => toWallMs(utc, timeZone) === wallMs,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - offsetBefore;
}
