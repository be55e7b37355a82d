import { formatDuration } from '../core/duration.ts';
import type { ActionItemRow } from './postmortem-row.ts';
import { isPending } from './postmortem-row.ts';

/** Seed 000: 90 % of action items completed within 30 days. */
export const COMPLETION_TARGET_PERCENT = 90;

/** Completion figures of one team's action items (or all of them). */
export interface CompletionFigures {
  created: number;
  done: number;
  /** Done within the target time of their creation. */
  doneWithinTarget: number;
  wontDo: number;
  /** Items whose target time has ended, or that were done within it: the rate's denominator. */
  measured: number;
  /** doneWithinTarget / measured, in percent; null when nothing can be measured yet. */
  completionRatePercent: number | null;
  /** Open or in progress and past their due date. */
  openOverdue: number;
}

/** The completion report: per team (null: owners without a team) and overall. */
export interface CompletionReport {
  /** Percent of items to complete within `targetWithin` (seed 000: 90). */
  target: number;
  /** The target time, as a duration (`30d`). */
  targetWithin: string;
  overall: CompletionFigures;
  teams: Array<{ team: string | null } & CompletionFigures>;
}

type ReportItem = Pick<ActionItemRow, 'team' | 'status' | 'created_ms' | 'completed_ms' | 'due_ms'>;
type MeasuredItem = Omit<ReportItem, 'team'>;

/**
 * Completion of some action items at `nowMs`. A won't-do item counts as not done once its target time is
 * over: dropping a lesson is not learning it (seed 003, "The Action Item Problem").
 */
export function completionFigures(
  items: readonly MeasuredItem[],
  targetMs: number,
  nowMs: number,
): CompletionFigures {
  const onTime = (i: MeasuredItem) =>
    i.status === 'done' && i.completed_ms !== null && i.completed_ms - i.created_ms <= targetMs;
  const doneWithinTarget = items.filter(onTime).length;
  // An item still inside its target time is not late yet: it counts once done or once its time is up.
  const measured = items.filter((i) => onTime(i) || i.created_ms + targetMs <= nowMs).length;
  return {
    created: items.length,
    done: items.filter((i) => i.status === 'done').length,
    doneWithinTarget,
    wontDo: items.filter((i) => i.status === 'wont_do').length,
    measured,
    completionRatePercent: measured > 0 ? (100 * doneWithinTarget) / measured : null,
    openOverdue: items.filter((i) => isPending(i.status) && i.due_ms < nowMs).length,
  };
}

/** Completion of `items` (those created in the report's period) at `nowMs`, per team and overall. */
export function completionReport(
  items: readonly ReportItem[],
  options: { targetMs: number; nowMs: number },
): CompletionReport {
  const { targetMs, nowMs } = options;
  const teams = [...new Set(items.map((i) => i.team))].sort((a, b) =>
    (a ?? '\uffff').localeCompare(b ?? '\uffff'),
  );
  return {
    target: COMPLETION_TARGET_PERCENT,
    targetWithin: formatDuration(targetMs),
    overall: completionFigures(items, targetMs, nowMs),
    teams: teams.map((team) => ({
      team,
      ...completionFigures(
        items.filter((i) => i.team === team),
        targetMs,
        nowMs,
      ),
    })),
  };
}
