import { NinesError } from '../core/errors.ts';
import type { IncidentStatus } from './incident-row.ts';

/** The milestone columns a status reaches; each is set once, when first reached. */
export interface Milestones {
  identified_ms: number | null;
  mitigated_ms: number | null;
  resolved_ms: number | null;
}

/**
 * Checks a status change and returns the milestones after it. Moving between open statuses is allowed in
 * either direction (triage often goes back); resolving a resolved incident is refused; reopening a
 * resolved one needs a reason, and clears its resolution so time to resolve counts the whole incident.
 */
export function changeStatus(options: {
  id: number;
  from: IncidentStatus;
  to: IncidentStatus;
  reason?: string;
  milestones: Milestones;
  nowMs: number;
}): Milestones {
  const { from, to, nowMs, milestones } = options;
  if (from === to) {
    throw new NinesError('conflict', `incident ${options.id} is already ${to}`);
  }
  if (from === 'resolved' && !options.reason?.trim()) {
    throw new NinesError('conflict', `incident ${options.id} is resolved: reopening it needs a reason`, [
      { path: 'reason', message: 'say why the incident is reopened' },
    ]);
  }
  const next = { ...milestones };
  if (from === 'resolved') next.resolved_ms = null;
  // Only the phase reached is stamped (a skipped phase did not happen), except that resolving mitigates.
  switch (to) {
    case 'investigating':
      break;
    case 'identified':
      next.identified_ms ??= nowMs;
      break;
    case 'monitoring':
      next.mitigated_ms ??= nowMs;
      break;
    case 'resolved':
      next.mitigated_ms ??= nowMs;
      next.resolved_ms = nowMs;
      break;
  }
  return next;
}
