import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { at, makeLayer, readable } from '../testing/oncall-fixtures.ts';
import { layerShifts } from './rotation.ts';

// Europe/Paris is UTC+1 (CET) in winter and UTC+2 (CEST) in summer. In 2026 clocks go forward on
// Sunday 29 March at 01:00Z and back on Sunday 25 October at 01:00Z.

describe('layerShifts: weekly turns', () => {
  it('hands off Monday 09:00 Paris time on both sides of the spring change', () => {
    // Turn k starts on Monday 16 March + k weeks at 09:00 local: 08:00Z in CET, 07:00Z in CEST.
    const shifts = layerShifts(makeLayer(), at('2026-03-16T00:00Z'), at('2026-04-13T00:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'alice', start: '2026-03-16T08:00Z', end: '2026-03-23T08:00Z' },
      { person: 'bob', start: '2026-03-23T08:00Z', end: '2026-03-30T07:00Z' },
      { person: 'carol', start: '2026-03-30T07:00Z', end: '2026-04-06T07:00Z' },
      { person: 'alice', start: '2026-04-06T07:00Z', end: '2026-04-13T00:00Z' },
    ]);
    // The week holding the change loses the skipped hour: 7 * 24 - 1.
    expect(shifts.map((shift) => (shift.endMs - shift.startMs) / HOUR_MS).slice(0, 3)).toEqual([
      168, 167, 168,
    ]);
  });

  it('keeps counting turns across the autumn change, which makes that week 169 h long', () => {
    // 12 October is 30 weeks after 16 March (k = 30, alice); 19 October is k = 31, 31 mod 3 = 1 (bob).
    // Bob's turn runs from Monday 09:00 CEST (07:00Z) to Monday 09:00 CET (08:00Z): 7 * 24 + 1 hours.
    const shifts = layerShifts(makeLayer(), at('2026-10-12T07:00Z'), at('2026-11-02T08:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'alice', start: '2026-10-12T07:00Z', end: '2026-10-19T07:00Z' },
      { person: 'bob', start: '2026-10-19T07:00Z', end: '2026-10-26T08:00Z' },
      { person: 'carol', start: '2026-10-26T08:00Z', end: '2026-11-02T08:00Z' },
    ]);
    expect((shifts[1]?.endMs ?? 0) - (shifts[1]?.startMs ?? 0)).toBe(169 * HOUR_MS);
  });

  it('finds the right participant far from the start without walking every turn from it', () => {
    // Monday 1 June is 77 days = 11 weeks after 16 March: k = 11, 11 mod 3 = 2 (carol), since 07:00Z.
    const shifts = layerShifts(makeLayer(), at('2026-06-01T12:00Z'), at('2026-06-01T13:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'carol', start: '2026-06-01T12:00Z', end: '2026-06-01T13:00Z' },
    ]);
  });

  it('covers nobody before the start', () => {
    expect(layerShifts(makeLayer(), at('2026-03-01T00:00Z'), at('2026-03-16T08:00Z'))).toEqual([]);
    const straddling = layerShifts(makeLayer(), at('2026-03-09T00:00Z'), at('2026-03-16T10:00Z'));
    expect(readable(straddling)).toEqual([
      { person: 'alice', start: '2026-03-16T08:00Z', end: '2026-03-16T10:00Z' },
    ]);
  });
});

describe('layerShifts: daily and hourly turns', () => {
  it('hands off daily at 09:00 local, so the spring Saturday turn lasts 23 h', () => {
    const layer = makeLayer({
      participants: ['alice', 'bob'],
      turn: { every: 1, unit: 'days' },
      start: '2026-03-27T09:00',
    });
    const shifts = layerShifts(layer, at('2026-03-27T00:00Z'), at('2026-03-30T12:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'alice', start: '2026-03-27T08:00Z', end: '2026-03-28T08:00Z' },
      { person: 'bob', start: '2026-03-28T08:00Z', end: '2026-03-29T07:00Z' },
      { person: 'alice', start: '2026-03-29T07:00Z', end: '2026-03-30T07:00Z' },
      { person: 'bob', start: '2026-03-30T07:00Z', end: '2026-03-30T12:00Z' },
    ]);
  });

  it('hands off every two days at the same local time (47 h across the change)', () => {
    const layer = makeLayer({
      participants: ['alice', 'bob'],
      turn: { every: 2, unit: 'days' },
      start: '2026-03-27T09:00',
    });
    const shifts = layerShifts(layer, at('2026-03-27T08:00Z'), at('2026-03-31T07:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'alice', start: '2026-03-27T08:00Z', end: '2026-03-29T07:00Z' },
      { person: 'bob', start: '2026-03-29T07:00Z', end: '2026-03-31T07:00Z' },
    ]);
  });

  it('keeps 12-hour turns exactly 12 h across the spring change, so the local handoff moves 08:00 -> 09:00', () => {
    // Start 08:00 CET = 07:00Z; every turn is 12 h of real time, whatever the wall clock does.
    const layer = makeLayer({
      participants: ['alice', 'bob'],
      turn: { every: 12, unit: 'hours' },
      start: '2026-03-28T08:00',
    });
    const shifts = layerShifts(layer, at('2026-03-28T07:00Z'), at('2026-03-29T19:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'alice', start: '2026-03-28T07:00Z', end: '2026-03-28T19:00Z' },
      { person: 'bob', start: '2026-03-28T19:00Z', end: '2026-03-29T07:00Z' },
      { person: 'alice', start: '2026-03-29T07:00Z', end: '2026-03-29T19:00Z' },
    ]);
  });

  it('keeps 12-hour turns exactly 12 h across the autumn change', () => {
    // Start 08:00 CEST = 06:00Z; after the change 06:00Z reads 07:00 CET.
    const layer = makeLayer({
      participants: ['alice', 'bob'],
      turn: { every: 12, unit: 'hours' },
      start: '2026-10-24T08:00',
    });
    const shifts = layerShifts(layer, at('2026-10-24T00:00Z'), at('2026-10-25T18:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'alice', start: '2026-10-24T06:00Z', end: '2026-10-24T18:00Z' },
      { person: 'bob', start: '2026-10-24T18:00Z', end: '2026-10-25T06:00Z' },
      { person: 'alice', start: '2026-10-25T06:00Z', end: '2026-10-25T18:00Z' },
    ]);
  });
  it('hands off at the first instant after a skipped handoff time, and at the first of a repeated one', () => {
    // Daily at 02:30 Paris. On 29 March 02:30 does not exist, so the handoff is when clocks show 03:30
    // CEST (01:30Z); on 25 October 02:30 happens twice and the handoff is the first one (CEST, 00:30Z).
    const layer = makeLayer({
      participants: ['alice', 'bob'],
      turn: { every: 1, unit: 'days' },
      start: '2026-03-28T02:30',
    });
    expect(readable(layerShifts(layer, at('2026-03-28T00:00Z'), at('2026-03-30T12:00Z')))).toEqual([
      { person: 'alice', start: '2026-03-28T01:30Z', end: '2026-03-29T01:30Z' },
      { person: 'bob', start: '2026-03-29T01:30Z', end: '2026-03-30T00:30Z' },
      { person: 'alice', start: '2026-03-30T00:30Z', end: '2026-03-30T12:00Z' },
    ]);
    // 211 days after 28 March is 25 October: k = 211, odd, so bob; his turn lasts 25 h.
    expect(readable(layerShifts(layer, at('2026-10-24T12:00Z'), at('2026-10-26T12:00Z')))).toEqual([
      { person: 'alice', start: '2026-10-24T12:00Z', end: '2026-10-25T00:30Z' },
      { person: 'bob', start: '2026-10-25T00:30Z', end: '2026-10-26T01:30Z' },
      { person: 'alice', start: '2026-10-26T01:30Z', end: '2026-10-26T12:00Z' },
    ]);
  });
});

describe('layerShifts: restrictions', () => {
  it('covers 22:00-06:00 nightly, splits a night at the midnight handoff, and shortens the DST night', () => {
    // Daily midnight handoffs in Paris: alice from Fri 27 March 00:00 CET (26th 23:00Z), bob from 28th
    // 00:00 CET (27th 23:00Z), alice from 29th 00:00 CET (28th 23:00Z), next handoff 30th 00:00 CEST (29th 22:00Z).
    // Nights: Thu 22:00 CET (21:00Z) -> Fri 06:00 CET (05:00Z), clipped to the range start; Fri 21:00Z ->
    // Sat 05:00Z; Sat 22:00 CET (21:00Z) -> Sun 06:00 CEST (04:00Z), only 7 h; Sun 22:00 CEST = 20:00Z.
    const layer = makeLayer({
      participants: ['alice', 'bob'],
      turn: { every: 1, unit: 'days' },
      start: '2026-03-27T00:00',
      restrictions: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startMinute: 22 * 60, endMinute: 6 * 60 },
      ],
    });
    const shifts = layerShifts(layer, at('2026-03-26T23:00Z'), at('2026-03-29T22:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'alice', start: '2026-03-26T23:00Z', end: '2026-03-27T05:00Z' },
      { person: 'alice', start: '2026-03-27T21:00Z', end: '2026-03-27T23:00Z' },
      { person: 'bob', start: '2026-03-27T23:00Z', end: '2026-03-28T05:00Z' },
      { person: 'bob', start: '2026-03-28T21:00Z', end: '2026-03-28T23:00Z' },
      { person: 'alice', start: '2026-03-28T23:00Z', end: '2026-03-29T04:00Z' },
      { person: 'alice', start: '2026-03-29T20:00Z', end: '2026-03-29T22:00Z' },
    ]);
  });

  it('ties a window crossing midnight to the day it starts on', () => {
    // Only Friday nights: Fri 9 Jan 22:00 -> Sat 10 Jan 06:00; Thursday night and Saturday night stay empty.
    const layer = makeLayer({
      participants: ['nora'],
      timeZone: 'UTC',
      start: '2026-01-05T00:00',
      restrictions: [{ days: ['fri'], startMinute: 22 * 60, endMinute: 6 * 60 }],
    });
    const shifts = layerShifts(layer, at('2026-01-05T00:00Z'), at('2026-01-12T00:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'nora', start: '2026-01-09T22:00Z', end: '2026-01-10T06:00Z' },
    ]);
  });

  it('keeps business hours in the layer zone: 09:00-17:00 New York is 14:00Z-22:00Z in January', () => {
    const layer = makeLayer({
      participants: ['ann'],
      timeZone: 'America/New_York',
      start: '2026-01-05T09:00',
      restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 9 * 60, endMinute: 17 * 60 }],
    });
    // Fri 9 Jan to Mon 12 Jan: the weekend is uncovered.
    const shifts = layerShifts(layer, at('2026-01-09T00:00Z'), at('2026-01-13T00:00Z'));
    expect(readable(shifts)).toEqual([
      { person: 'ann', start: '2026-01-09T14:00Z', end: '2026-01-09T22:00Z' },
      { person: 'ann', start: '2026-01-12T14:00Z', end: '2026-01-12T22:00Z' },
    ]);
  });
});

describe('layerShifts: bad layers', () => {
  it('refuses a start that is not a real local date-time', () => {
    const run = () => layerShifts(makeLayer({ start: '2026-02-30T09:00' }), 0, at('2027-01-01T00:00Z'));
    expect(run).toThrow(NinesError);
    expect(run).toThrow(/start "2026-02-30T09:00"/);
  });

  it('refuses a turn length below one', () => {
    const layer = makeLayer({ turn: { every: 0, unit: 'days' } });
    expect(() => layerShifts(layer, 0, at('2027-01-01T00:00Z'))).toThrow(/positive whole number/);
  });

  it('has nobody to put on call without participants', () => {
    expect(layerShifts(makeLayer({ participants: [] }), 0, at('2027-01-01T00:00Z'))).toEqual([]);
  });
});
