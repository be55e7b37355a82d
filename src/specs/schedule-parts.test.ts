import { describe, expect, it } from 'vitest';
import { parseLayerStart, parseTimeOfDay, parseTurn } from './schedule-parts.ts';

describe('parseTurn', () => {
  it('reads hours, days and weeks', () => {
    expect(parseTurn('12h')).toEqual({ every: 12, unit: 'hours' });
    expect(parseTurn('1d')).toEqual({ every: 1, unit: 'days' });
    expect(parseTurn('2w')).toEqual({ every: 2, unit: 'weeks' });
  });

  it('refuses zero, other units and compound durations', () => {
    expect(parseTurn('0d')).toBeUndefined();
    expect(parseTurn('30m')).toBeUndefined();
    expect(parseTurn('1d12h')).toBeUndefined();
    expect(parseTurn('week')).toBeUndefined();
  });
});

describe('parseLayerStart', () => {
  it('keeps a local date-time and reads a date as midnight', () => {
    expect(parseLayerStart('2026-01-05T09:00')).toEqual({ wall: '2026-01-05T09:00' });
    expect(parseLayerStart('2026-01-05')).toEqual({ wall: '2026-01-05T00:00' });
  });

  it('refuses offsets, seconds and dates that do not exist', () => {
    expect(parseLayerStart('2026-01-05T09:00Z')).toEqual({
      error: "start is wall time in the layer's timeZone: drop the Z or offset, e.g. 2026-01-05T09:00",
    });
    expect(parseLayerStart('2026-01-05T09:00+01:00')).toHaveProperty('error');
    expect(parseLayerStart('2026-01-05T09:00:30')).toEqual({
      error: 'expected a local date-time such as 2026-01-05T09:00 (or a date, 2026-01-05)',
    });
    expect(parseLayerStart('2026-02-30')).toEqual({ error: '2026-02-30 is not a valid date-time' });
    expect(parseLayerStart('2026-01-05T24:00')).toEqual({
      error: '2026-01-05T24:00 is not a valid date-time',
    });
  });
});

describe('parseTimeOfDay', () => {
  it('counts minutes after midnight', () => {
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('09:30')).toBe(570);
    expect(parseTimeOfDay('9:30')).toBe(570);
    expect(parseTimeOfDay('23:59')).toBe(1439);
  });

  it('allows 24:00 only as an end', () => {
    expect(parseTimeOfDay('24:00', true)).toBe(1440);
    expect(parseTimeOfDay('24:00')).toBeUndefined();
    expect(parseTimeOfDay('24:30', true)).toBeUndefined();
    expect(parseTimeOfDay('12:60')).toBeUndefined();
    expect(parseTimeOfDay('noon')).toBeUndefined();
  });
});
