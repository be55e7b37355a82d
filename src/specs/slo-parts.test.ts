import { describe, expect, it } from 'vitest';
import { defaultPageConditions, defaultTicketConditions } from './model/slos.ts';
import { nominalWindowMs, roundDecimals, scaleConditions } from './slo-parts.ts';

const DAY = 86_400_000;

describe('scaleConditions', () => {
  it('scales workbook burn rates by window / 30d (7d: 14.4 * 7 / 30 = 3.36)', () => {
    expect(scaleConditions(defaultPageConditions, 7 * DAY).map((c) => c.burnRate)).toEqual([3.36, 1.4]);
    // 3 * 7 / 30 = 0.7; 1 * 7 / 30 = 0.2333333333 (rounded to 10 decimals)
    expect(scaleConditions(defaultTicketConditions, 7 * DAY).map((c) => c.burnRate)).toEqual([
      0.7, 0.2333333333,
    ]);
  });

  it('keeps 30d rates and triples them for a 90d quarter (14.4 * 3 = 43.2)', () => {
    expect(scaleConditions(defaultPageConditions, 30 * DAY).map((c) => c.burnRate)).toEqual([14.4, 6]);
    expect(scaleConditions(defaultPageConditions, 90 * DAY).map((c) => c.burnRate)).toEqual([43.2, 18]);
  });

  it('28d: 14.4 * 28 / 30 = 13.44 and 6 * 28 / 30 = 5.6', () => {
    expect(scaleConditions(defaultPageConditions, 28 * DAY).map((c) => c.burnRate)).toEqual([13.44, 5.6]);
  });

  it('drops conditions whose long window does not fit in the SLO window', () => {
    const kept = scaleConditions(defaultTicketConditions, 2 * DAY);
    expect(kept).toEqual([{ longWindowMs: DAY, shortWindowMs: 7_200_000, burnRate: 0.2 }]);
  });
});

describe('nominalWindowMs', () => {
  it('uses nominal calendar lengths: week 7d, month 30d, quarter 90d', () => {
    expect(nominalWindowMs({ kind: 'calendar', unit: 'week', timeZone: 'UTC' })).toBe(7 * DAY);
    expect(nominalWindowMs({ kind: 'calendar', unit: 'month', timeZone: 'UTC' })).toBe(30 * DAY);
    expect(nominalWindowMs({ kind: 'calendar', unit: 'quarter', timeZone: 'UTC' })).toBe(90 * DAY);
    expect(nominalWindowMs({ kind: 'rolling', durationMs: 28 * DAY })).toBe(28 * DAY);
  });
});

describe('roundDecimals', () => {
  it('removes binary noise from ratio-to-percent conversions', () => {
    expect(0.9993 * 100).not.toBe(99.93);
    expect(roundDecimals(0.9993 * 100)).toBe(99.93);
    expect(roundDecimals(0.9957 * 100)).toBe(99.57);
  });
});
