import { NinesError } from '../core/errors.ts';
import type { PostmortemStatus } from './postmortem-row.ts';

/**
 * Checks a postmortem status change: draft → in_review → final, and final → in_review with a reason
 * (a finished document reopened says why). Anything else is a conflict.
 */
export function checkStatusChange(options: {
  id: number;
  from: PostmortemStatus;
  to: PostmortemStatus;
  reason?: string;
}): void {
  const { id, from, to } = options;
  if (from === to) return;
  if (from === 'draft' && to === 'in_review') return;
  if (from === 'in_review' && to === 'final') return;
  if (from === 'final' && to === 'in_review') {
    if (options.reason?.trim()) return;
    throw new NinesError('conflict', `postmortem ${id} is final: reopening it for review needs a reason`, [
      { path: 'reason', message: 'say why the postmortem goes back to review' },
    ]);
  }
  throw new NinesError('conflict', `postmortem ${id} cannot go from ${from} to ${to}`, [
    { path: 'status', message: 'allowed: draft → in_review → final, final → in_review with a reason' },
  ]);
}
