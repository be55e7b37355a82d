import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { fromWallMs, periodEnd, periodStart, toWallMs } from './calendar.ts';

const at = (iso: string) => Date.parse(iso);
const paris = 'Europe/Paris';

describe('periodStart / periodEnd', () => {
  it('starts a month at local midnight on the 1st, whatever the offset of that day', () => {
    // 2026-03-29 is the spring-forward Sunday in Paris: March starts in CET (+1), ends in CEST (+2).
    const now = at('2026-03-29T12:00:00Z');
    expect(periodStart(now, 'month', paris)).toBe(at('2026-02-28T23:00:00Z'));
    expect(periodEnd(now, 'month', paris)).toBe(at('2026-03-31T22:00:00Z'));
  });

  it('starts a week on Monday 00:00 local, so DST weeks last 167 h and 169 h', () => {
    const spring = at('2026-03-29T12:00:00Z'); // Sunday 14:00 CEST
    expect(periodStart(spring, 'week', paris)).toBe(at('2026-03-22T23:00:00Z')); // Mon 23 Mar 00:00 CET
    expect(periodEnd(spring, 'week', paris)).toBe(at('2026-03-29T22:00:00Z')); // Mon 30 Mar 00:00 CEST
    expect((periodEnd(spring, 'week', paris) - periodStart(spring, 'week', paris)) / 3_600_000).toBe(167);

    const autumn = at('2026-10-25T12:00:00Z'); // fall-back Sunday
    expect(periodStart(autumn, 'week', paris)).toBe(at('2026-10-18T22:00:00Z')); // Mon 19 Oct 00:00 CEST
    expect(periodEnd(autumn, 'week', paris)).toBe(at('2026-10-25T23:00:00Z')); // Mon 26 Oct 00:00 CET
    expect((periodEnd(autumn, 'week', paris) - periodStart(autumn, 'week', paris)) / 3_600_000).toBe(169);
  });

  it('treats Monday 00:00 itself as the start of its own week', () => {
    const monday = at('2026-03-22T23:00:00Z');
    expect(periodStart(monday, 'week', paris)).toBe(monday);
    expect(periodStart(monday - 1, 'week', paris)).toBe(at('2026-03-15T23:00:00Z'));
  });

  it('switches month exactly at local midnight, not UTC midnight', () => {
    // 2026-03-31T21:59:59Z is 23:59:59 CEST on 31 March; one second later it is April in Paris.
    expect(periodStart(at('2026-03-31T21:59:59Z'), 'month', paris)).toBe(at('2026-02-28T23:00:00Z'));
    expect(periodStart(at('2026-03-31T22:00:00Z'), 'month', paris)).toBe(at('2026-03-31T22:00:00Z'));
    expect(periodEnd(at('2026-10-25T12:00:00Z'), 'month', paris)).toBe(at('2026-10-31T23:00:00Z'));
  });

  it('starts quarters on Jan/Apr/Jul/Oct 1st', () => {
    const now = at('2026-03-29T12:00:00Z');
    expect(periodStart(now, 'quarter', paris)).toBe(at('2025-12-31T23:00:00Z'));
    expect(periodEnd(now, 'quarter', paris)).toBe(at('2026-03-31T22:00:00Z'));
    expect(periodStart(at('2026-08-15T00:00:00Z'), 'quarter', 'UTC')).toBe(at('2026-07-01T00:00:00Z'));
    expect(periodEnd(at('2026-11-15T00:00:00Z'), 'quarter', 'UTC')).toBe(at('2027-01-01T00:00:00Z'));
  });

  it('handles zones with quarter-hour offsets', () => {
    // Asia/Kathmandu is UTC+5:45.
    expect(periodStart(at('2026-01-15T12:00:00Z'), 'month', 'Asia/Kathmandu')).toBe(
      at('2025-12-31T18:15:00Z'),
    );
  });

  it('starts a period at the first instant of the day when local midnight does not exist', () => {
    // Chile springs forward at 00:00 on 2026-09-06 (-4 -> -3): that day begins at 01:00 local = 04:00Z.
    expect(fromWallMs(Date.UTC(2026, 8, 6), 'America/Santiago')).toBe(at('2026-09-06T04:00:00Z'));
  });

  it('refuses an unknown time zone with invalid_config', () => {
    expect(() => periodStart(0, 'month', 'Mars/Olympus')).toThrow(NinesError);
  });
});

describe('fromWallMs', () => {
  it('moves a wall time inside a DST gap forward by the gap', () => {
    // 02:30 does not exist on 2026-03-29 in Paris; it reads as 03:30 CEST = 01:30Z.
    expect(fromWallMs(Date.UTC(2026, 2, 29, 2, 30), paris)).toBe(at('2026-03-29T01:30:00Z'));
  });

  it('takes the earlier instant of a wall time that occurs twice', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) on 2026-10-25.
    expect(fromWallMs(Date.UTC(2026, 9, 25, 2, 30), paris)).toBe(at('2026-10-25T00:30:00Z'));
  });

  it('inverts toWallMs on ordinary times', () => {
    const instant = at('2026-07-14T08:15:42Z');
    expect(toWallMs(instant, paris)).toBe(Date.UTC(2026, 6, 14, 10, 15, 42));
    expect(fromWallMs(toWallMs(instant, paris), paris)).toBe(instant);
  });
});
