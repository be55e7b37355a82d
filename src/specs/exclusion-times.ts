import * as rruleModule from 'rrule';
import { fromWallMs } from '../core/time-zone.ts';

// rrule ships a UMD build to Node and an ESM build to bundlers (vitest); the class sits elsewhere in each.
const { RRule } = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Epoch ms of an ISO 8601 date-time that carries `Z` or an offset; undefined otherwise. */
export function parseInstant(text: string): number | undefined {
  if (!instantPattern.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Wall-clock fields of a local ISO date-time (`2026-01-04T02:00:00`) as if it were UTC; undefined when invalid. */
export function parseLocalAsUtc(text: string): number | undefined {
  const match = localPattern.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => Number(part ?? 0)) as number[];
  const ms = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches it.
  if (back.getUTCMonth() !== (month as number) - 1 || back.getUTCDate() !== day || (hour as number) > 23) {
    return undefined;
  }
  return ms;
}

/** Epoch ms of a recurring exclusion's start: an instant if it has an offset, else wall time in `timeZone`. */
export function parseZonedStart(text: string, timeZone: string): number | undefined {
  const instant = parseInstant(text);
  if (instant !== undefined) return instant;
  const wall = parseLocalAsUtc(text);
  return wall === undefined ? undefined : fromWallMs(wall, timeZone);
}

const weekday = '(MO|TU|WE|TH|FR|SA|SU)';
const intList = (min: number, max: number, signed: boolean) => (value: string) =>
  value.split(',').every((part) => {
    if (!/^[+-]?\d+$/.test(part) || (!signed && /^[+-]/.test(part))) return false;
    const n = Math.abs(Number(part));
    return n >= min && n <= max && (signed ? Number(part) !== 0 : true);
  });

const rulePartChecks: Record<string, (value: string) => boolean> = {
  FREQ: (v) => /^(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY|MINUTELY|SECONDLY)$/.test(v),
  INTERVAL: (v) => /^[1-9]\d*$/.test(v),
  COUNT: (v) => /^[1-9]\d*$/.test(v),
  UNTIL: (v) => /^\d{8}(T\d{6}Z?)?$/.test(v),
  WKST: (v) => new RegExp(`^${weekday}$`).test(v),
  BYDAY: (v) => v.split(',').every((part) => new RegExp(`^([+-]?[1-9]\\d?)?${weekday}$`).test(part)),
  BYMONTH: intList(1, 12, false),
  BYMONTHDAY: intList(1, 31, true),
  BYYEARDAY: intList(1, 366, true),
  BYWEEKNO: intList(1, 53, true),
  BYHOUR: intList(0, 23, false),
  BYMINUTE: intList(0, 59, false),
  BYSECOND: intList(0, 59, false),
  BYSETPOS: intList(1, 366, true),
};

/**
 * Checks an RFC 5545 RRULE body (`FREQ=WEEKLY;BYDAY=SU`) and that it occurs at least once after
 * `startWallMs`; returns what is wrong, or undefined. The rrule package is lenient, so parts are checked first.
 */
export function checkRrule(rule: string, startWallMs: number): string | undefined {
  const seen = new Set<string>();
  for (const part of rule.split(';')) {
    const [key = '', value, extra] = part.split('=');
    if (value === undefined || extra !== undefined || value === '') return `malformed RRULE part "${part}"`;
    if (key === 'DTSTART' || key === 'TZID')
      return `${key} is not allowed in the rule: use start and timeZone`;
    const check = rulePartChecks[key];
    if (!check) return `unknown RRULE part "${key}"`;
    if (seen.has(key)) return `RRULE part "${key}" is repeated`;
    if (!check(value)) return `invalid RRULE value ${key}=${value}`;
    seen.add(key);
  }
  if (!seen.has('FREQ')) return 'RRULE needs FREQ (e.g. FREQ=WEEKLY;BYDAY=SU)';
  if (seen.has('COUNT') && seen.has('UNTIL')) return 'RRULE may have COUNT or UNTIL, not both';
  try {
    const options = RRule.parseString(rule);
    const next = new RRule({ ...options, dtstart: new Date(startWallMs) }).after(new Date(startWallMs), true);
    return next === null ? 'RRULE never occurs at or after start' : undefined;
  } catch (error) {
    return `invalid RRULE: ${(error as Error).message}`;
  }
}
