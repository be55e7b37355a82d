import { describe, expect, it } from 'vitest';
import { zoneOffsetMs } from '../core/time-zone.ts';
import { checkRrule, parseInstant, parseLocalAsUtc, parseZonedStart } from './exclusion-times.ts';

const HOUR = 3_600_000;

describe('local times in a time zone', () => {
  it('knows Paris is UTC+1 in winter and UTC+2 in summer', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 4, 1), 'Europe/Paris')).toBe(HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 5, 0), 'Europe/Paris')).toBe(2 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 5, 0), 'America/New_York')).toBe(-4 * HOUR);
  });

  it('turns a wall-clock start into the instant it happens', () => {
    expect(parseZonedStart('2026-01-04T02:00:00', 'Europe/Paris')).toBe(Date.UTC(2026, 0, 4, 1));
    expect(parseZonedStart('2026-07-05T02:00', 'Europe/Paris')).toBe(Date.UTC(2026, 6, 5, 0));
    expect(parseZonedStart('2026-01-04T02:00:00', 'UTC')).toBe(Date.UTC(2026, 0, 4, 2));
  });

  it('moves a time inside the spring-forward gap forward by the gap', () => {
    // 2026-03-29 02:30 does not exist in Paris; it reads as 03:30 CEST = 01:30Z.
    expect(parseZonedStart('2026-03-29T02:30:00', 'Europe/Paris')).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('takes a start with an offset as that instant', () => {
    expect(parseZonedStart('2026-01-04T02:00:00+05:00', 'Europe/Paris')).toBe(Date.UTC(2026, 0, 3, 21));
  });

  it('rejects impossible dates and instants without a zone', () => {
    expect(parseLocalAsUtc('2026-02-30T02:00:00')).toBeUndefined();
    expect(parseLocalAsUtc('2026-01-04 02:00')).toBeUndefined();
    expect(parseInstant('2026-11-01T02:00:00')).toBeUndefined();
    expect(parseInstant('2026-11-01T02:00:00Z')).toBe(Date.UTC(2026, 10, 1, 2));
  });
});

describe('checkRrule', () => {
  const start = Date.UTC(2026, 0, 4, 2);

  it('accepts common maintenance rules', () => {
    expect(checkRrule('FREQ=WEEKLY;BYDAY=SU', start)).toBeUndefined();
    expect(checkRrule('FREQ=MONTHLY;BYDAY=1SA;COUNT=12', start)).toBeUndefined();
    expect(checkRrule('FREQ=DAILY;INTERVAL=2;UNTIL=20261231T000000Z', start)).toBeUndefined();
  });

  it('says what is wrong with a bad rule', () => {
    expect(checkRrule('BYDAY=SU', start)).toBe('RRULE needs FREQ (e.g. FREQ=WEEKLY;BYDAY=SU)');
    expect(checkRrule('FREQ=FORTNIGHTLY', start)).toBe('invalid RRULE value FREQ=FORTNIGHTLY');
    expect(checkRrule('FREQ=DAILY;FOO=1', start)).toBe('unknown RRULE part "FOO"');
    expect(checkRrule('FREQ=DAILY;BYHOUR=25', start)).toBe('invalid RRULE value BYHOUR=25');
    expect(checkRrule('FREQ=DAILY;COUNT=2;UNTIL=20261231', start)).toBe(
      'RRULE may have COUNT or UNTIL, not both',
    );
    expect(checkRrule('FREQ=DAILY;FREQ=WEEKLY', start)).toBe('RRULE part "FREQ" is repeated');
    expect(checkRrule('FREQ=DAILY;', start)).toBe('malformed RRULE part ""');
    expect(checkRrule('DTSTART=20260101;FREQ=DAILY', start)).toBe(
      'DTSTART is not allowed in the rule: use start and timeZone',
    );
  });

  it('rejects a rule that never occurs after its start', () => {
    expect(checkRrule('FREQ=DAILY;UNTIL=20200101T000000Z', start)).toBe(
      'RRULE never occurs at or after start',
    );
  });
});
