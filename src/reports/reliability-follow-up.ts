import { DAY_MS } from '../core/duration.ts';
import { COMPLETION_TARGET_PERCENT, completionFigures } from '../postmortems/index.ts';

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
  /** Items that can be judged: done within target, or older than the target. */
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

/**
 * Action item completion against the target, by the postmortems module's definition (items younger than
 * the target and not yet done wait; won't-do counts as not done once its time is up).
 */
export function actionItemFigures(
  items: readonly ReportActionItem[],
  options: { targetMs: number; nowMs: number },
): ActionItemFigures {
  const { targetMs, nowMs } = options;
  const figures = completionFigures(
    items.map((item) => ({
      status: item.status,
      created_ms: item.createdMs,
      completed_ms: item.completedMs,
      due_ms: item.dueMs,
    })),
    targetMs,
    nowMs,
  );
  return {
    total: figures.created,
    done: figures.done,
    doneWithinTarget: figures.doneWithinTarget,
    open: items.filter((item) => item.status === 'open' || item.status === 'in_progress').length,
    overdue: figures.openOverdue,
    wontDo: figures.wontDo,
    assessed: figures.measured,
    completionPercent: figures.completionRatePercent,
    targetDays: targetMs / DAY_MS,
    targetPercent: COMPLETION_TARGET_PERCENT,
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
