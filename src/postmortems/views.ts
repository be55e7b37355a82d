import { isoTimeOrNull } from '../core/time-format.ts';
import type { ActionItemRow, PostmortemRow } from './postmortem-row.ts';
import { isPending } from './postmortem-row.ts';

/** A postmortem in lists: everything but the document. */
export function postmortemSummaryView(row: PostmortemRow) {
  return {
    id: row.id,
    incidentId: row.incident_id,
    title: row.title,
    status: row.status,
    required: row.required,
    requiredReasons: row.required_reasons,
    services: row.services,
    tags: row.tags,
    failureModes: row.failure_modes,
    createdAt: isoTimeOrNull(row.created_ms),
    updatedAt: isoTimeOrNull(row.updated_ms),
    updatedBy: row.updated_by,
    version: row.version,
  };
}

/** An action item as the API shows it; `overdue` is judged at `nowMs`. */
export function actionItemView(row: ActionItemRow, nowMs: number) {
  return {
    id: row.id,
    postmortemId: row.postmortem_id,
    title: row.title,
    owner: row.owner,
    team: row.team,
    due: isoTimeOrNull(row.due_ms),
    priority: row.priority,
    status: row.status,
    overdue: isPending(row.status) && row.due_ms < nowMs,
    trackerUrl: row.tracker_url,
    createdAt: isoTimeOrNull(row.created_ms),
    createdBy: row.created_by,
    completedAt: isoTimeOrNull(row.completed_ms),
    overdueNotified: row.overdue_notified,
  };
}

/** One postmortem with its document and action items. */
export function postmortemView(row: PostmortemRow, items: readonly ActionItemRow[], nowMs: number) {
  return {
    ...postmortemSummaryView(row),
    document: row.document,
    actionItems: items.map((item) => actionItemView(item, nowMs)),
  };
}
