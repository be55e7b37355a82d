import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../core/duration.ts';
import {
  actionItemFigures,
  budgetConsumed,
  postmortemFigures,
  type ReportActionItem,
} from './reliability-follow-up.ts';

describe('postmortemFigures', () => {
  it('rates completion as final over required, leaving voluntary postmortems out of the rate', () => {
    const figures = postmortemFigures([
      { status: 'final', required: true },
      { status: 'in_review', required: true },
      { status: 'draft', required: true },
      { status: 'final', required: true },
      { status: 'final', required: false },
    ]);
    // 2 final of 4 required = 50 %.
    expect(figures).toEqual({ total: 5, required: 4, drafted: 2, final: 2, completionPercent: 50 });
  });

  it('has no rate when nothing was required', () => {
    expect(postmortemFigures([]).completionPercent).toBeNull();
  });
});

describe('actionItemFigures', () => {
  const targetMs = 30 * DAY_MS;
  const nowMs = 100 * DAY_MS;
  const item = (partial: Partial<ReportActionItem>): ReportActionItem => ({
    status: 'open',
    createdMs: 0,
    dueMs: 14 * DAY_MS,
    completedMs: null,
    ...partial,
  });

  it('judges items done within the target, or older than it, against the 90 % target', () => {
    const figures = actionItemFigures(
      [
        item({ status: 'done', completedMs: 10 * DAY_MS }), // on time
        item({ status: 'done', completedMs: 30 * DAY_MS }), // on time: exactly 30 days
        item({ status: 'done', completedMs: 45 * DAY_MS }), // late
        item({ status: 'in_progress' }), // 100 days old, due at day 14: overdue and late
        item({ createdMs: 90 * DAY_MS, dueMs: 120 * DAY_MS }), // 10 days old: not judged yet
        item({ status: 'wont_do' }), // dropped, 100 days old: judged, and not done
      ],
      { targetMs, nowMs },
    );
    expect(figures).toEqual({
      total: 6,
      done: 3,
      doneWithinTarget: 2,
      open: 2,
      overdue: 1,
      wontDo: 1,
      // 2 on time + 3 past the target (the late one, the one in progress, the dropped one).
      assessed: 5,
      // 2 / 5 = 40 %.
      completionPercent: 40,
      targetDays: 30,
      targetPercent: 90,
    });
  });

  it('counts a young item done on time at once', () => {
    const figures = actionItemFigures(
      [item({ createdMs: 95 * DAY_MS, status: 'done', completedMs: nowMs })],
      {
        targetMs,
        nowMs,
      },
    );
    expect(figures.completionPercent).toBe(100);
    expect(actionItemFigures([], { targetMs, nowMs }).completionPercent).toBeNull();
  });
});

describe('budgetConsumed', () => {
  it('sums each SLO over incidents, most consumed first, counting only measurable incidents', () => {
    const consumed = budgetConsumed([
      [
        { slo: 'api-availability', service: 'api', consumedPercent: 12.5 },
        { slo: 'api-latency', service: 'api', consumedPercent: null },
      ],
      [
        { slo: 'api-availability', service: 'api', consumedPercent: 7.5 },
        { slo: 'web-availability', service: 'web', consumedPercent: 30 },
      ],
    ]);
    expect(consumed).toEqual([
      { slo: 'web-availability', service: 'web', consumedPercent: 30, incidents: 1 },
      // 12.5 % + 7.5 % = 20 %.
      { slo: 'api-availability', service: 'api', consumedPercent: 20, incidents: 2 },
      { slo: 'api-latency', service: 'api', consumedPercent: null, incidents: 0 },
    ]);
  });
});
