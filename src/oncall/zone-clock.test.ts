import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { fromWallMs, toWallMs } from '../core/time-zone.ts';
import { at } from '../testing/oncall-fixtures.ts';
import { zoneClock } from './zone-clock.ts';

describe('zoneClock', () => {
  it('moves a wall time skipped by the spring change forward, and picks the earlier of a repeated one', () => {
    const paris = zoneClock('Europe/Paris');
    // 29 March 02:30 does not exist (02:00 CET jumps to 03:00 CEST): it reads as 03:30 CEST = 01:30Z.
    expect(paris.toUtc(Date.UTC(2026, 2, 29, 2, 30))).toBe(at('2026-03-29T01:30Z'));
    // 25 October 02:30 happens twice, first in CEST (00:30Z) then in CET (01:30Z).
    expect(paris.toUtc(Date.UTC(2026, 9, 25, 2, 30))).toBe(at('2026-10-25T00:30Z'));
    expect(paris.toWall(at('2026-10-25T01:30Z'))).toBe(Date.UTC(2026, 9, 25, 2, 30));
  });

  it('finds half-hour changes to the second (Lord Howe Island: +11:00 <-> +10:30)', () => {
    const lordHowe = zoneClock('Australia/Lord_Howe');
    // Daylight time ends on 5 April 02:00 local (+11:00) = 4 April 15:00Z.
    expect(lordHowe.offsetAt(at('2026-04-04T15:00Z') - 1000) / MINUTE_MS).toBe(660);
    expect(lordHowe.offsetAt(at('2026-04-04T15:00Z')) / MINUTE_MS).toBe(630);
    // It starts on 4 October 02:00 local (+10:30) = 3 October 15:30Z.
    expect(lordHowe.offsetAt(at('2026-10-03T15:30Z') - 1000) / MINUTE_MS).toBe(630);
    expect(lordHowe.offsetAt(at('2026-10-03T15:30Z')) / MINUTE_MS).toBe(660);
  });

  it('agrees with core toWallMs / fromWallMs through a year and every 10 minutes around each change', () => {
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'Australia/Lord_Howe',
      'America/Santiago',
      'Asia/Kathmandu',
    ];
    const stepMs = 47 * HOUR_MS + 13 * MINUTE_MS;
    for (const zone of zones) {
      const clock = zoneClock(zone);
      const instants: number[] = [];
      for (let ms = at('2026-01-01T00:00Z'); ms < at('2027-01-01T00:00Z'); ms += stepMs) {
        instants.push(ms);
        for (let hour = ms; hour < ms + stepMs; hour += HOUR_MS) {
          if (clock.offsetAt(hour) === clock.offsetAt(hour + HOUR_MS)) continue;
          for (let near = hour - 3 * HOUR_MS; near < hour + 4 * HOUR_MS; near += 10 * MINUTE_MS)
            instants.push(near);
        }
      }
      // Each instant is used both as a UTC instant and as a wall time.
      const ours = instants.map((ms) => [clock.toWall(ms), clock.toUtc(ms)]);
      const core = instants.map((ms) => [toWallMs(ms, zone), fromWallMs(ms, zone)]);
      expect(ours, zone).toEqual(core);
    }
  });

  it('reports an unknown zone as invalid config', () => {
    expect(() => zoneClock('Mars/Olympus_Mons').toWall(DAY_MS)).toThrow(NinesError);
  });
});
