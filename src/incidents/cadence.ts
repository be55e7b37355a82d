import type { IncidentPolicy, IncidentSeverity } from '../specs/index.ts';
import type { IncidentStatus } from './incident-row.ts';

/** When the next status update is to be reminded of and when it is late; nulls when none is owed. */
export interface CadenceTimers {
  update_remind_ms: number | null;
  update_due_ms: number | null;
}

/**
 * The update timers counted from `sinceMs` (the last update, or the declaration): a resolved incident or
 * a severity without a cadence owes nothing.
 */
export function cadenceTimers(options: {
  policy: IncidentPolicy;
  severity: IncidentSeverity;
  status: IncidentStatus;
  sinceMs: number;
}): CadenceTimers {
  const cadence = options.policy.updateCadence[options.severity];
  if (!cadence || options.status === 'resolved') return { update_remind_ms: null, update_due_ms: null };
  return {
    update_remind_ms: options.sinceMs + cadence.remindAfterMs,
    update_due_ms: options.sinceMs + cadence.dueAfterMs,
  };
}

/** What the reminder job owes an incident at `nowMs`: nothing, a reminder, or an overdue notice. */
export function dueCadenceAction(timers: CadenceTimers, nowMs: number): 'none' | 'remind' | 'overdue' {
  if (timers.update_due_ms !== null && timers.update_due_ms <= nowMs) return 'overdue';
  if (timers.update_remind_ms !== null && timers.update_remind_ms <= nowMs) return 'remind';
  return 'none';
}
