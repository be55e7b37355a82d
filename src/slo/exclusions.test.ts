import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import type { Exclusion } from '../specs/index.ts';
import { ExclusionIndex, excludedIntervals, parseRecurrence } from './exclusions.ts';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

// Every Sunday 03:00-04:00 Paris time, first one on 2026-03-15 (03:00 CET = 02:00Z).
const sundayMaintenance: Exclusion = {
  kind: 'recurring',
  rrule: 'FREQ=WEEKLY;BYDAY=SU',
  startMs: at('2026-03-15T02:00:00Z'),
  durationMs: HOUR,
  timeZone: 'Europe/Paris',
};

describe('excludedIntervals', () => {
  it('keeps recurring windows at the same local time across a DST change', () => {
    const intervals = excludedIntervals(
      [sundayMaintenance],
      at('2026-03-14T00:00:00Z'),
      at('2026-04-06T00:00:00Z'),
    );
    expect(intervals).toEqual([
      { startMs: at('2026-03-15T02:00:00Z'), endMs: at('2026-03-15T03:00:00Z') }, // CET
      { startMs: at('2026-03-22T02:00:00Z'), endMs: at('2026-03-22T03:00:00Z') }, // CET
      { startMs: at('2026-03-29T01:00:00Z'), endMs: at('2026-03-29T02:00:00Z') }, // CEST from this day
      { startMs: at('2026-04-05T01:00:00Z'), endMs: at('2026-04-05T02:00:00Z') },
    ]);
  });

  it('lists no occurrence before DTSTART', () => {
    expect(
      excludedIntervals([sundayMaintenance], at('2026-03-01T00:00:00Z'), at('2026-03-15T00:00:00Z')),
    ).toEqual([]);
  });

  it('includes an occurrence that started before the range but still runs into it', () => {
    const intervals = excludedIntervals(
      [sundayMaintenance],
      at('2026-03-22T02:30:00Z'),
      at('2026-03-23T00:00:00Z'),
    );
    expect(intervals).toEqual([{ startMs: at('2026-03-22T02:00:00Z'), endMs: at('2026-03-22T03:00:00Z') }]);
  });

  it('merges overlapping one-off and recurring windows', () => {
    const once: Exclusion = {
      kind: 'once',
      startMs: at('2026-03-22T01:00:00Z'),
      endMs: at('2026-03-22T02:30:00Z'),
    };
    const intervals = excludedIntervals(
      [sundayMaintenance, once],
      at('2026-03-21T00:00:00Z'),
      at('2026-03-23T00:00:00Z'),
    );
    expect(intervals).toEqual([{ startMs: at('2026-03-22T01:00:00Z'), endMs: at('2026-03-22T03:00:00Z') }]);
  });

  it('honours COUNT and INTERVAL', () => {
    const twice: Exclusion = { ...sundayMaintenance, rrule: 'RRULE:FREQ=DAILY;INTERVAL=2;COUNT=2' };
    const intervals = excludedIntervals([twice], at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'));
    expect(intervals.map((i) => new Date(i.startMs).toISOString())).toEqual([
      '2026-03-15T02:00:00.000Z',
      '2026-03-17T02:00:00.000Z',
    ]);
  });
});

describe('ExclusionIndex', () => {
  it('answers with half-open intervals from its cache', () => {
    const index = new ExclusionIndex([sundayMaintenance]);
    index.refresh(at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'));
    expect(index.isExcluded(at('2026-03-22T01:59:59.999Z'))).toBe(false);
    expect(index.isExcluded(at('2026-03-22T02:00:00Z'))).toBe(true);
    expect(index.isExcluded(at('2026-03-22T02:59:59.999Z'))).toBe(true);
    expect(index.isExcluded(at('2026-03-22T03:00:00Z'))).toBe(false);
    expect(index.isExcluded(at('2026-03-29T01:30:00Z'))).toBe(true); // 03:30 CEST
    expect(index.isExcluded(at('2026-03-29T02:30:00Z'))).toBe(false); // 04:30 CEST
  });

  it('computes directly for a time outside the cached range', () => {
    const index = new ExclusionIndex([sundayMaintenance]);
    index.refresh(at('2026-03-01T00:00:00Z'), at('2026-03-10T00:00:00Z'));
    expect(index.isExcluded(at('2026-04-05T01:30:00Z'))).toBe(true);
    expect(index.isExcluded(at('2026-04-05T02:30:00Z'))).toBe(false);
  });

  it('refuses an RRULE without a valid FREQ, and text that is no RRULE', () => {
    expect(() => parseRecurrence('FREQ=SOMETIMES')).toThrow(NinesError);
    expect(() => parseRecurrence('every sunday')).toThrow(NinesError);
    expect(() => new ExclusionIndex([{ ...sundayMaintenance, rrule: 'BYDAY=SU' }])).toThrow(/FREQ/);
  });
});
