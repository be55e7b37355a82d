import { describe, expect, it } from 'vitest';
import type { ScheduleLayer } from '../specs/index.ts';
import { at, businessHours, makeLayer, readable, utc } from '../testing/oncall-fixtures.ts';
import { finalSchedule, onCallAt, type ScheduleOverride } from './who-is-on-call.ts';

// Follow-the-sun: zoe covers around the clock; ann covers New York business hours and eve London ones.
// Europe comes last, so where both offices are open (14:00Z-17:00Z in winter) eve wins.
const followTheSun: { layers: ScheduleLayer[] } = {
  layers: [
    makeLayer({ name: 'base', participants: ['zoe'], timeZone: 'UTC', start: '2026-01-05T00:00' }),
    makeLayer({
      name: 'americas',
      participants: ['ann'],
      timeZone: 'America/New_York',
      start: '2026-01-05T09:00',
      restrictions: [businessHours],
    }),
    makeLayer({
      name: 'europe',
      participants: ['eve'],
      timeZone: 'Europe/London',
      start: '2026-01-05T09:00',
      restrictions: [businessHours],
    }),
  ],
};

// Alice has the week of Monday 5 January (UTC), bob the next one.
const weeklyUtc = {
  layers: [makeLayer({ participants: ['alice', 'bob'], timeZone: 'UTC', start: '2026-01-05T00:00' })],
};

function override(id: string, person: string, range: [string, string], createdIso: string): ScheduleOverride {
  return { id, person, startMs: at(range[0]), endMs: at(range[1]), createdMs: at(createdIso) };
}

const tuesday = { fromMs: at('2026-01-06T00:00Z'), toMs: at('2026-01-07T00:00Z') };

describe('finalSchedule: layers', () => {
  it('follows the sun on a winter Wednesday and falls through to the base layer between offices', () => {
    // London is UTC+0: eve 09:00Z-17:00Z. New York is UTC-5: 09:00-17:00 is 14:00Z-22:00Z, after eve ann.
    const entries = finalSchedule({
      schedule: followTheSun,
      overrides: [],
      fromMs: at('2026-01-07T00:00Z'),
      toMs: at('2026-01-08T00:00Z'),
    });
    expect(readable(entries)).toEqual([
      { person: 'zoe', layer: 'base', start: '2026-01-07T00:00Z', end: '2026-01-07T09:00Z' },
      { person: 'eve', layer: 'europe', start: '2026-01-07T09:00Z', end: '2026-01-07T17:00Z' },
      { person: 'ann', layer: 'americas', start: '2026-01-07T17:00Z', end: '2026-01-07T22:00Z' },
      { person: 'zoe', layer: 'base', start: '2026-01-07T22:00Z', end: '2026-01-08T00:00Z' },
    ]);
  });

  it('moves the American hours an hour earlier between the US (8 March) and EU (29 March) changes', () => {
    // Wednesday 11 March: New York is on EDT (UTC-4), so 17:00 local is 21:00Z; London is still UTC+0.
    const entries = finalSchedule({
      schedule: followTheSun,
      overrides: [],
      fromMs: at('2026-03-11T00:00Z'),
      toMs: at('2026-03-12T00:00Z'),
    });
    expect(readable(entries)).toEqual([
      { person: 'zoe', layer: 'base', start: '2026-03-11T00:00Z', end: '2026-03-11T09:00Z' },
      { person: 'eve', layer: 'europe', start: '2026-03-11T09:00Z', end: '2026-03-11T17:00Z' },
      { person: 'ann', layer: 'americas', start: '2026-03-11T17:00Z', end: '2026-03-11T21:00Z' },
      { person: 'zoe', layer: 'base', start: '2026-03-11T21:00Z', end: '2026-03-12T00:00Z' },
    ]);
  });

  it('leaves the weekend to the base layer in one entry', () => {
    const entries = finalSchedule({
      schedule: followTheSun,
      overrides: [],
      fromMs: at('2026-01-10T00:00Z'),
      toMs: at('2026-01-12T00:00Z'),
    });
    expect(readable(entries)).toEqual([
      { person: 'zoe', layer: 'base', start: '2026-01-10T00:00Z', end: '2026-01-12T00:00Z' },
    ]);
  });

  it('joins back-to-back turns of the same person in the same layer', () => {
    const solo = {
      layers: [makeLayer({ participants: ['alice'], turn: { every: 1, unit: 'days' }, timeZone: 'UTC' })],
    };
    const entries = finalSchedule({
      schedule: solo,
      overrides: [],
      fromMs: at('2026-03-16T00:00Z'),
      toMs: at('2026-03-19T00:00Z'),
    });
    // Turns hand off daily at 09:00Z, but alice has them all.
    expect(readable(entries)).toEqual([
      { person: 'alice', layer: 'weekly', start: '2026-03-16T09:00Z', end: '2026-03-19T00:00Z' },
    ]);
  });

  it('is empty for an empty or reversed range', () => {
    expect(
      finalSchedule({
        schedule: followTheSun,
        overrides: [],
        fromMs: at('2026-01-07T00:00Z'),
        toMs: at('2026-01-07T00:00Z'),
      }),
    ).toEqual([]);
    expect(
      finalSchedule({
        schedule: followTheSun,
        overrides: [],
        fromMs: at('2026-01-08T00:00Z'),
        toMs: at('2026-01-07T00:00Z'),
      }),
    ).toEqual([]);
  });
});

describe('finalSchedule: overrides', () => {
  it('lets an override take part of a shift, leaving the rest to the layer', () => {
    const overrides = [
      override('o1', 'bob', ['2026-01-06T10:00Z', '2026-01-06T14:00Z'], '2026-01-01T00:00Z'),
    ];
    expect(readable(finalSchedule({ schedule: weeklyUtc, overrides, ...tuesday }))).toEqual([
      { person: 'alice', layer: 'weekly', start: '2026-01-06T00:00Z', end: '2026-01-06T10:00Z' },
      { person: 'bob', layer: 'override', start: '2026-01-06T10:00Z', end: '2026-01-06T14:00Z' },
      { person: 'alice', layer: 'weekly', start: '2026-01-06T14:00Z', end: '2026-01-07T00:00Z' },
    ]);
  });

  it('gives the overlap of two overrides to the one created later, whatever their order in the list', () => {
    const bob = override('o1', 'bob', ['2026-01-06T10:00Z', '2026-01-06T14:00Z'], '2026-01-01T00:00Z');
    const carol = override('o2', 'carol', ['2026-01-06T12:00Z', '2026-01-06T16:00Z'], '2026-01-02T00:00Z');
    expect(readable(finalSchedule({ schedule: weeklyUtc, overrides: [carol, bob], ...tuesday }))).toEqual([
      { person: 'alice', layer: 'weekly', start: '2026-01-06T00:00Z', end: '2026-01-06T10:00Z' },
      { person: 'bob', layer: 'override', start: '2026-01-06T10:00Z', end: '2026-01-06T12:00Z' },
      { person: 'carol', layer: 'override', start: '2026-01-06T12:00Z', end: '2026-01-06T16:00Z' },
      { person: 'alice', layer: 'weekly', start: '2026-01-06T16:00Z', end: '2026-01-07T00:00Z' },
    ]);

    const bobLater = { ...bob, createdMs: at('2026-01-03T00:00Z') };
    expect(
      readable(finalSchedule({ schedule: weeklyUtc, overrides: [bobLater, carol], ...tuesday })),
    ).toEqual([
      { person: 'alice', layer: 'weekly', start: '2026-01-06T00:00Z', end: '2026-01-06T10:00Z' },
      { person: 'bob', layer: 'override', start: '2026-01-06T10:00Z', end: '2026-01-06T14:00Z' },
      { person: 'carol', layer: 'override', start: '2026-01-06T14:00Z', end: '2026-01-06T16:00Z' },
      { person: 'alice', layer: 'weekly', start: '2026-01-06T16:00Z', end: '2026-01-07T00:00Z' },
    ]);
  });

  it('lets the later of two overrides in the list win when both were created at the same instant', () => {
    const bob = override('o1', 'bob', ['2026-01-06T10:00Z', '2026-01-06T14:00Z'], '2026-01-01T00:00Z');
    const carol = override('o2', 'carol', ['2026-01-06T10:00Z', '2026-01-06T14:00Z'], '2026-01-01T00:00Z');
    const entries = finalSchedule({ schedule: weeklyUtc, overrides: [bob, carol], ...tuesday });
    expect(entries.filter((entry) => entry.layer === 'override').map((entry) => entry.person)).toEqual([
      'carol',
    ]);
  });

  it('covers a gap no layer covers, and is clipped to the range', () => {
    const officeOnly = { layers: [followTheSun.layers[2] as ScheduleLayer] };
    const overrides = [
      override('o1', 'bob', ['2026-01-05T20:00Z', '2026-01-07T08:00Z'], '2026-01-01T00:00Z'),
    ];
    expect(readable(finalSchedule({ schedule: officeOnly, overrides, ...tuesday }))).toEqual([
      { person: 'bob', layer: 'override', start: '2026-01-06T00:00Z', end: '2026-01-07T00:00Z' },
    ]);
  });

  it('joins touching overrides of one person but keeps an override apart from the layer it sits in', () => {
    const overrides = [
      override('o1', 'alice', ['2026-01-06T10:00Z', '2026-01-06T12:00Z'], '2026-01-01T00:00Z'),
      override('o2', 'alice', ['2026-01-06T12:00Z', '2026-01-06T14:00Z'], '2026-01-01T00:00Z'),
    ];
    expect(readable(finalSchedule({ schedule: weeklyUtc, overrides, ...tuesday }))).toEqual([
      { person: 'alice', layer: 'weekly', start: '2026-01-06T00:00Z', end: '2026-01-06T10:00Z' },
      { person: 'alice', layer: 'override', start: '2026-01-06T10:00Z', end: '2026-01-06T14:00Z' },
      { person: 'alice', layer: 'weekly', start: '2026-01-06T14:00Z', end: '2026-01-07T00:00Z' },
    ]);
  });
});

describe('onCallAt', () => {
  const weeklyParis = { layers: [makeLayer()] };

  it('hands over exactly at the handoff instant: a shift is [start, end)', () => {
    // Bob's turn ends at Monday 30 March 09:00 CEST = 07:00Z; from that instant it is carol's, for a week.
    const handoff = at('2026-03-30T07:00Z');
    expect(onCallAt({ schedule: weeklyParis, overrides: [], atMs: handoff - 1 })).toEqual({
      person: 'bob',
      layer: 'weekly',
      until: handoff,
    });
    const carol = onCallAt({ schedule: weeklyParis, overrides: [], atMs: handoff });
    expect(carol && { ...carol, until: utc(carol.until ?? 0) }).toEqual({
      person: 'carol',
      layer: 'weekly',
      until: '2026-04-06T07:00Z',
    });
  });

  it('finds nobody before the layer starts and the first person from its first instant', () => {
    const start = at('2026-03-16T08:00Z');
    expect(onCallAt({ schedule: weeklyParis, overrides: [], atMs: start - 1 })).toBeNull();
    expect(onCallAt({ schedule: weeklyParis, overrides: [], atMs: start })).toEqual({
      person: 'alice',
      layer: 'weekly',
      until: at('2026-03-23T08:00Z'),
    });
  });

  it('follows the sun at the 17:00Z boundary between London and New York', () => {
    const fivePm = at('2026-01-07T17:00Z');
    expect(onCallAt({ schedule: followTheSun, overrides: [], atMs: fivePm - 1 })).toEqual({
      person: 'eve',
      layer: 'europe',
      until: fivePm,
    });
    expect(onCallAt({ schedule: followTheSun, overrides: [], atMs: fivePm })).toEqual({
      person: 'ann',
      layer: 'americas',
      until: at('2026-01-07T22:00Z'),
    });
  });

  it('finds nobody outside the windows of a restricted-only schedule', () => {
    const officeOnly = { layers: [followTheSun.layers[2] as ScheduleLayer] };
    expect(onCallAt({ schedule: officeOnly, overrides: [], atMs: at('2026-01-07T08:59:59Z') })).toBeNull();
    expect(onCallAt({ schedule: officeOnly, overrides: [], atMs: at('2026-01-10T12:00Z') })).toBeNull();
  });

  it('reports an override until its end, then the layer again until the next handoff', () => {
    const overrides = [
      override('o1', 'bob', ['2026-01-06T10:00Z', '2026-01-06T14:00Z'], '2026-01-01T00:00Z'),
    ];
    expect(onCallAt({ schedule: weeklyUtc, overrides, atMs: at('2026-01-06T12:00Z') })).toEqual({
      person: 'bob',
      layer: 'override',
      until: at('2026-01-06T14:00Z'),
    });
    // Alice's week ends on Monday 12 January 00:00Z.
    expect(onCallAt({ schedule: weeklyUtc, overrides, atMs: at('2026-01-06T14:00Z') })).toEqual({
      person: 'alice',
      layer: 'weekly',
      until: at('2026-01-12T00:00Z'),
    });
  });

  it('has no end in sight for a single person on call around the clock', () => {
    const solo = { layers: [makeLayer({ participants: ['alice'] })] };
    expect(onCallAt({ schedule: solo, overrides: [], atMs: at('2026-04-01T00:00Z') })).toEqual({
      person: 'alice',
      layer: 'weekly',
      until: null,
    });
  });
});
