import { isoTime, isoTimeOrNull } from '../core/time-format.ts';
import { intervalCount } from './plan.ts';
import type { AnalysisRow } from './store.ts';
import type { AnalysisView } from './types.ts';

export function analysisView(row: AnalysisRow): AnalysisView {
  return {
    id: row.id,
    service: row.service,
    deployId: row.deploy_id,
    status: row.status,
    reason: row.reason,
    score: row.score,
    startedAt: isoTime(row.started_ms),
    endsAt: isoTime(row.ends_ms),
    finishedAt: isoTimeOrNull(row.finished_ms),
    createdBy: row.created_by,
    spec: row.spec,
    intervals: row.intervals,
    intervalCount: intervalCount(row.spec),
    nextIntervalAt: row.status === 'running' ? isoTimeOrNull(row.next_due_ms) : null,
    lastError: row.last_error,
  };
}
