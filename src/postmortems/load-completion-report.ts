import { NinesError } from '../core/errors.ts';
import { incidentPolicyOf, type Model } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { type CompletionReport, completionReport } from './completion-report.ts';
import type { ActionItemRow } from './postmortem-row.ts';

/** The action item completion report for items created in [fromMs, toMs), as of `nowMs`. */
export async function loadCompletionReport(options: {
  db: Queryable;
  model: Model;
  fromMs: number;
  toMs: number;
  nowMs: number;
}): Promise<CompletionReport & { from: string; to: string }> {
  const { fromMs, toMs } = options;
  if (!(fromMs < toMs)) {
    throw new NinesError('invalid_input', '`from` must be before `to`', [
      { path: 'from', message: 'must be before to' },
    ]);
  }
  const items = await options.db.query<ActionItemRow>(
    'SELECT * FROM action_items WHERE created_ms >= $1 AND created_ms < $2',
    [fromMs, toMs],
  );
  const targetMs = incidentPolicyOf(options.model).actionItemTargetMs;
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    ...completionReport(items, { targetMs, nowMs: options.nowMs }),
  };
}
