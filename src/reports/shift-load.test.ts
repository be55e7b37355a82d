import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../core/duration.ts';
import { joinShifts, type PersonNotification, pagesPer12Hours, shiftLoads } from './shift-load.ts';

const MONDAY = Date.parse('2026-03-02T08:00:00Z');

/** `count` notifications of `person`, one per hour from `startMs`, each for its own page. */
function notified(person: string, count: number, startMs: number): PersonNotification[] {
  return Array.from({ length: count }, (_, i) => ({ pageId: i + 1, person, atMs: startMs + i * HOUR_MS }));
}

describe('pagesPer12Hours', () => {
  it('is the page count for a shift of 12 hours', () => {
    expect(pagesPer12Hours(3, 12 * HOUR_MS)).toBe(3);
  });

  it('spreads a week’s pages over its fourteen 12-hour stretches', () => {
    // 10 pages / (168 h / 12 h) = 10 / 14 ≈ 0.714
    expect(pagesPer12Hours(10, 7 * DAY_MS)).toBeCloseTo(0.714, 3);
  });

  it('counts a shift shorter than 12 hours as 12 hours', () => {
    expect(pagesPer12Hours(3, 2 * HOUR_MS)).toBe(3);
  });
});

describe('shiftLoads', () => {
  const day = { schedule: 'primary', person: 'ana', startMs: MONDAY, endMs: MONDAY + 12 * HOUR_MS };

  it('flags a 12-hour shift with 3 pages', () => {
    const [load] = shiftLoads([day], notified('ana', 3, MONDAY));
    expect(load).toEqual({
      schedule: 'primary',
      person: 'ana',
      start: '2026-03-02T08:00:00.000Z',
      end: '2026-03-02T20:00:00.000Z',
      pages: 3,
      pagesPer12Hours: 3,
      overloaded: true,
    });
  });

  it('does not flag a 12-hour shift with 2 pages', () => {
    const [load] = shiftLoads([day], notified('ana', 2, MONDAY));
    expect(load).toMatchObject({ pages: 2, overloaded: false });
  });

  it('does not flag a 7-day shift with 10 pages (0.71 per 12 hours)', () => {
    const week = { ...day, endMs: MONDAY + 7 * DAY_MS };
    const [load] = shiftLoads([week], notified('ana', 10, MONDAY));
    expect(load).toMatchObject({ pages: 10, pagesPer12Hours: 0.71, overloaded: false });
  });

  it('counts only the shift person’s notifications inside [start, end)', () => {
    const notifications = [
      { pageId: 1, person: 'ana', atMs: MONDAY - 1 },
      { pageId: 2, person: 'ana', atMs: MONDAY },
      { pageId: 3, person: 'bob', atMs: MONDAY + HOUR_MS },
      { pageId: 4, person: 'ana', atMs: MONDAY + 12 * HOUR_MS },
    ];
    expect(shiftLoads([day], notifications).map((load) => load.pages)).toEqual([1]);
  });

  it('lists shifts in time order across schedules', () => {
    const later = { schedule: 'secondary', person: 'bob', startMs: MONDAY + HOUR_MS, endMs: MONDAY + DAY_MS };
    const earlier = { schedule: 'zeta', person: 'cy', startMs: MONDAY - HOUR_MS, endMs: MONDAY };
    const loads = shiftLoads([later, day, earlier], []);
    expect(loads.map((load) => `${load.schedule}:${load.person}`)).toEqual([
      'zeta:cy',
      'primary:ana',
      'secondary:bob',
    ]);
  });
});

describe('joinShifts', () => {
  it('joins touching entries of one person in one schedule, and nothing else', () => {
    const joined = joinShifts([
      { schedule: 'primary', person: 'ana', startMs: 0, endMs: 10 },
      { schedule: 'primary', person: 'ana', startMs: 10, endMs: 20 },
      { schedule: 'primary', person: 'bob', startMs: 20, endMs: 30 },
      { schedule: 'primary', person: 'ana', startMs: 31, endMs: 40 },
      { schedule: 'other', person: 'ana', startMs: 40, endMs: 50 },
    ]);
    expect(joined).toEqual([
      { schedule: 'other', person: 'ana', startMs: 40, endMs: 50 },
      { schedule: 'primary', person: 'ana', startMs: 0, endMs: 20 },
      { schedule: 'primary', person: 'bob', startMs: 20, endMs: 30 },
      { schedule: 'primary', person: 'ana', startMs: 31, endMs: 40 },
    ]);
  });
});
