import { DAY_MS } from '../core/duration.ts';

/** Seed 000: 90 % of action items resolved within the target (30 days by default). */
export const ACTION_ITEM_TARGET_PERCENT = 90;

/** A postmortem of an incident declared in the range. */
export interface ReportPostmortem {
  status: 'draft' | 'in_review' | 'final';
  required: boolean;
}

/** An action item of one of those postmortems. */
export interface ReportActionItem {
  status: 'open' | 'in_progress' | 'done' | 'wont_do';
  createdMs: number;
  dueMs: number;
  completedMs: number | null;
}

export interface PostmortemFigures {
  /** Postmortems of incidents declared in the range, required or not. */
  total: number;
  required: number;
  /** Required ones still in draft or in review. */
  drafted: number;
  /** Required ones final. */
  final: number;
  /** final / required × 100; null when none was required. */
  completionPercent: number | null;
}

export interface ActionItemFigures {
  total: number;
  done: number;
  /** Done within `targetDays` of their creation. */
  doneWithinTarget: number;
  /** Open or in progress. */
  open: number;
  /** Open or in progress past their own due date. */
  overdue: number;
  wontDo: number;
  /** Items that can be judged: done within target, or (won't-do aside) older than the target. */
  assessed: number;
  /** doneWithinTarget / assessed × 100; null when nothing can be judged yet. */
  completionPercent: number | null;
  targetDays: number;
  targetPercent: number;
}

/** One SLO's budget consumed by one incident, as `budgetImpact` reports it. */
export interface IncidentBudgetUse {
  slo: string;
  service: string;
  consumedPercent: number | null;
}

export interface BudgetConsumed {
  slo: string;
  service: string;
  /** Sum over incidents of the percent of the SLO's budget each consumed; null when never measurable. */
  consumedPercent: number | null;
  /** Incidents whose consumption of this SLO's budget could be measured. */
  incidents: number;
}

const percent = (part: number, whole: number): number | null => (whole > 0 ? (100 * part) / whole : null);

/** How far postmortems of the range's incidents got. */
export function postmortemFigures(postmortems: readonly ReportPostmortem[]): PostmortemFigures {
  const required = postmortems.filter((postmortem) => postmortem.required);
  const final = required.filter((postmortem) => postmortem.status === 'final').length;
  return {
    total: postmortems.length,
    required: required.length,
    drafted: required.length - final,
    final,
    completionPercent: percent(final, required.length),
  };
}

/** Action item completion against the target; items younger than the target and not yet done wait. */
export function actionItemFigures(
  items: readonly ReportActionItem[],
  options: { targetMs: number; nowMs: number },
): ActionItemFigures {
  const { targetMs, nowMs } = options;
  const done = items.filter((item) => item.status === 'done');
  const onTime = done.filter(
    (item) => item.completedMs !== null && item.completedMs - item.createdMs <= targetMs,
  );
  const open = items.filter((item) => item.status === 'open' || item.status === 'in_progress');
  const pastTarget = items.filter(
    (item) => item.status !== 'wont_do' && !onTime.includes(item) && item.createdMs + targetMs <= nowMs,
  );
  const assessed = onTime.length + pastTarget.length;
  return {
    total: items.length,
    done: done.length,
    doneWithinTarget: onTime.length,
    open: open.length,
    overdue: open.filter((item) => item.dueMs < nowMs).length,
    wontDo: items.filter((item) => item.status === 'wont_do').length,
    assessed,
    completionPercent: percent(onTime.length, assessed),
    targetDays: targetMs / DAY_MS,
    targetPercent: ACTION_ITEM_TARGET_PERCENT,
  };
}

/** Budget consumed per SLO summed over incidents (one list per incident), most consumed first. */
export function budgetConsumed(perIncident: ReadonlyArray<readonly IncidentBudgetUse[]>): BudgetConsumed[] {
  const bySlo = new Map<string, BudgetConsumed>();
  for (const uses of perIncident) {
    for (const use of uses) {
      const sum = bySlo.get(use.slo) ?? {
        slo: use.slo,
        service: use.service,
        consumedPercent: null,
        incidents: 0,
      };
      if (use.consumedPercent !== null) {
        sum.consumedPercent = (sum.consumedPercent ?? 0) + use.consumedPercent;
        sum.incidents += 1;
      }
      bySlo.set(use.slo, sum);
    }
  }
  return [...bySlo.values()].sort(
    (a, b) => (b.consumedPercent ?? -1) - (a.consumedPercent ?? -1) || a.slo.localeCompare(b.slo),
  );
}
