import { describe, expect, it } from 'vitest';
import {
  barLevel,
  classifyMinute,
  type DayTally,
  formatPercent,
  type MinuteState,
  tallyMinutes,
  totalUptimePercent,
  uptimeDays,
  uptimePercent,
  worstMinute,
} from './uptime.ts';

describe('classifyMinute', () => {
  // 99.9 % objective: budget 0.001, so burn 14.4 is a bad ratio of 0.0144.
  it('is down when any SLO served fewer than half its events well', () => {
    expect(classifyMinute([{ good: 49, total: 100, objective: 99.9 }])).toBe('down');
    expect(
      classifyMinute([
        { good: 100, total: 100, objective: 99.9 },
        { good: 4, total: 10, objective: 90 },
      ]),
    ).toBe('down');
  });

  it('is partial when any SLO burns at 14.4× or faster, and up below that (degraded counts up)', () => {
    // 985/1000: bad 0.015, burn 15 ≥ 14.4.
    expect(classifyMinute([{ good: 985, total: 1000, objective: 99.9 }])).toBe('partial');
    // 990/1000: bad 0.010, burn 10 < 14.4 (a ticket-level burn: degraded, counted up).
    expect(classifyMinute([{ good: 990, total: 1000, objective: 99.9 }])).toBe('up');
    // Exactly half good is not down; bad 0.5 at 99 % is burn 50: partial.
    expect(classifyMinute([{ good: 50, total: 100, objective: 99 }])).toBe('partial');
  });

  it('takes the worst SLO and skips those without events; no events at all is no data', () => {
    expect(
      classifyMinute([
        { good: 1000, total: 1000, objective: 99.9 },
        { good: 0, total: 0, objective: 99.9 },
        { good: 980, total: 1000, objective: 99.9 },
      ]),
    ).toBe('partial');
    expect(classifyMinute([{ good: 0, total: 0, objective: 99.9 }])).toBeNull();
    expect(classifyMinute([])).toBeNull();
  });

  it('treats a 100 % objective as having no budget', () => {
    expect(classifyMinute([{ good: 999, total: 1000, objective: 100 }])).toBe('partial');
    expect(classifyMinute([{ good: 1000, total: 1000, objective: 100 }])).toBe('up');
  });
});

describe('uptime of a day', () => {
  it('weights partial minutes 0.3 and leaves maintenance out of the denominator', () => {
    // 1440 minutes, 60 in maintenance (not counted): 1380 counted, 10 down, 20 partial.
    // (1380 − 10 − 0.3 × 20) / 1380 = 1364 / 1380 = 98.8406 %.
    const states: Array<MinuteState | null> = [
      ...Array<MinuteState>(10).fill('down'),
      ...Array<MinuteState>(20).fill('partial'),
      ...Array<MinuteState>(1350).fill('up'),
    ];
    const tally = tallyMinutes(states);
    expect(tally).toEqual({ counted: 1380, down: 10, partial: 20 });
    expect(uptimePercent(tally)).toBeCloseTo(98.8406, 4);
    expect(worstMinute(tally)).toBe('down');
    expect(formatPercent(uptimePercent(tally) as number)).toBe('98.84');
  });

  it('is null (no data), never 100, for a day without counted minutes', () => {
    const none = tallyMinutes([null, null]);
    expect(uptimePercent(none)).toBeNull();
    expect(worstMinute(none)).toBeNull();
    expect(barLevel({ uptimePercent: null, worst: null })).toBe('none');
  });

  it('totals days minute-weighted over the days with data', () => {
    // Day 1: 1440 counted, 144 down; day 2: 360 counted, 0 down; day 3 no data.
    // (1800 − 144) / 1800 = 92 %, not the day average (90 + 100) / 2 = 95 %.
    const days: DayTally[] = [
      { counted: 1440, down: 144, partial: 0 },
      { counted: 360, down: 0, partial: 0 },
      { counted: 0, down: 0, partial: 0 },
    ];
    expect(totalUptimePercent(days)).toBeCloseTo(92, 10);
    expect(totalUptimePercent([])).toBeNull();
  });

  it('never shows 100.00 for a day with downtime', () => {
    // One partial minute of 1440: (1440 − 0.3) / 1440 = 99.97917 %, shown 99.97.
    expect(formatPercent(uptimePercent({ counted: 1440, down: 0, partial: 1 }) as number)).toBe('99.97');
    // 99.95 is not read as 99.94 through floating point.
    expect(formatPercent(99.95)).toBe('99.95');
    expect(formatPercent(100)).toBe('100.00');
  });

  it('colours green only days without outage minutes', () => {
    expect(barLevel({ uptimePercent: 100, worst: 'up' })).toBe('green');
    expect(barLevel({ uptimePercent: 99.95, worst: 'down' })).toBe('yellow');
    expect(barLevel({ uptimePercent: 99.5, worst: 'partial' })).toBe('orange');
    expect(barLevel({ uptimePercent: 98.84, worst: 'down' })).toBe('red');
  });
});

describe('uptimeDays', () => {
  it('lists 90 UTC days ending today, oldest first, missing days as no data', () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    const today = Math.floor(now / 86_400_000);
    const days = uptimeDays(new Map([[today - 1, { counted: 1440, down: 0, partial: 0 }]]), now);
    expect(days).toHaveLength(90);
    // 2026-03-02 minus 89 days: February has 28 days in 2026, so 2025-12-03.
    expect(days[0]).toEqual({ date: '2025-12-03', uptimePercent: null, worst: null });
    expect(days[88]).toEqual({ date: '2026-03-01', uptimePercent: 100, worst: 'up' });
    expect(days[89]).toEqual({ date: '2026-03-02', uptimePercent: null, worst: null });
  });
});
