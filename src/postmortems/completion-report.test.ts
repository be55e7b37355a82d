import { describe, expect, it } from 'vitest';
import { completionReport } from './completion-report.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const NOW = T0 + 40 * DAY;

type Item = Parameters<typeof completionReport>[0][number];
const item = (team: string | null, createdDay: number, more: Partial<Item> = {}): Item => ({
  team,
  status: 'open',
  created_ms: T0 + createdDay * DAY,
  completed_ms: null,
  due_ms: T0 + (createdDay + 14) * DAY,
  ...more,
});
const done = (team: string | null, createdDay: number, afterDays: number) =>
  item(team, createdDay, { status: 'done', completed_ms: T0 + (createdDay + afterDays) * DAY });

describe('completionReport', () => {
  it('rates completion within 30 days per team and overall', () => {
    const report = completionReport(
      [
        done('payments', 0, 10), // on time
        done('payments', 0, 30), // exactly 30 days: on time
        done('payments', 0, 31), // late
        item('payments', 0), // open since day 0, due day 14: overdue, window over -> counts against
        item('payments', 30), // day 30, window runs to day 60: not measured yet, due day 44: not overdue
        done('search', 35, 2), // on time, measured though its window is still running
        item('search', 0, { status: 'wont_do' }), // window over, not done
        item(null, 5, { status: 'in_progress' }), // overdue (due day 19), measured
      ],
      { targetMs: 30 * DAY, nowMs: NOW },
    );
    // payments: 5 created, 3 done, 2 on time; measured = 4 (all but the day-30 item) -> 2/4 = 50 %.
    expect(report.teams[0]).toEqual({
      team: 'payments',
      created: 5,
      done: 3,
      doneWithinTarget: 2,
      wontDo: 0,
      measured: 4,
      completionRatePercent: 50,
      openOverdue: 1,
    });
    // search: on-time item + won't-do item -> 1/2 = 50 %.
    expect(report.teams[1]).toMatchObject({
      team: 'search',
      measured: 2,
      completionRatePercent: 50,
      wontDo: 1,
    });
    // no team: 0/1.
    expect(report.teams[2]).toMatchObject({
      team: null,
      measured: 1,
      completionRatePercent: 0,
      openOverdue: 1,
    });
    // overall: 3 on time of 7 measured = 42.857… %; 2 overdue.
    expect(report.overall.completionRatePercent).toBeCloseTo(300 / 7, 9);
    expect(report.overall).toMatchObject({
      created: 8,
      done: 4,
      doneWithinTarget: 3,
      measured: 7,
      openOverdue: 2,
    });
    expect([report.target, report.targetWithin]).toEqual([90, '30d']);
  });

  it('has no rate while nothing can be measured yet', () => {
    const report = completionReport([item('payments', 39)], { targetMs: 30 * DAY, nowMs: NOW });
    expect(report.overall.completionRatePercent).toBeNull();
    expect(report.overall.created).toBe(1);
  });
});
