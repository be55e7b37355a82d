import { describe, expect, it } from 'vitest';
import { availabilityFloor, fleetByMonth, pagesByWeek, weekStart } from './report-math.ts';

describe('report figures', () => {
  it('pools availability over services weighted by their events', () => {
    const months = fleetByMonth([
      { months: [{ month: '2026-11', availability: 0.99, events: 100, downtimeMinutes: 10 }] },
      {
        months: [
          { month: '2026-11', availability: 1, events: 300, downtimeMinutes: 0 },
          { month: '2026-12', availability: null, events: 0, downtimeMinutes: null },
        ],
      },
    ]);
    // (0.99 × 100 + 1 × 300) / 400 = 0.9975
    expect(months).toEqual([
      { month: '2026-11', availability: 0.9975, events: 400, downtimeMinutes: 10 },
      { month: '2026-12', availability: null, events: 0, downtimeMinutes: 0 },
    ]);
  });

  it('starts availability bars low enough to show the worst month at half length', () => {
    expect(availabilityFloor([0.9995, 0.9999])).toBe(0.999);
    expect(availabilityFloor([0.98])).toBe(0.96);
    expect(availabilityFloor([0.2])).toBe(0);
    expect(availabilityFloor([null])).toBe(0);
  });

  it('counts pages per UTC week starting on Monday, empty weeks included', () => {
    // 2026-12-06 is a Sunday: its week began on Monday 2026-11-30.
    expect(new Date(weekStart(Date.parse('2026-12-06T23:00:00Z'))).toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    const weeks = pagesByWeek(
      [
        { createdAt: '2026-12-06T10:00:00Z', severity: 'P1' },
        { createdAt: '2026-12-01T10:00:00Z', severity: 'P3' },
        { createdAt: '2026-11-20T10:00:00Z', severity: 'P2' },
        { createdAt: '2026-10-01T10:00:00Z', severity: 'P0' },
      ],
      Date.parse('2026-11-16T00:00:00Z'),
      Date.parse('2026-12-07T00:00:00Z'),
    );
    expect(weeks).toEqual([
      { week: '2026-11-16', pages: 1, urgent: 1 },
      { week: '2026-11-23', pages: 0, urgent: 0 },
      { week: '2026-11-30', pages: 2, urgent: 1 },
    ]);
  });
});
