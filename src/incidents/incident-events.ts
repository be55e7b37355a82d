import type { Queryable } from '../storage/index.ts';

/** Kinds of entries in an incident's append-only timeline. */
export type IncidentEventKind =
  | 'declared'
  | 'severity_changed'
  | 'status_changed'
  | 'reopened'
  | 'role_assigned'
  | 'role_unassigned'
  | 'services_changed'
  | 'page_linked'
  | 'note'
  | 'correction'
  | 'status_update'
  | 'update_reminder'
  | 'update_overdue'
  | 'details_changed'
  | 'postmortem_drafted'
  | 'cause_changed';

/** Appends one event; nothing ever updates or deletes `incident_events`. Returns the new event's id. */
export async function addIncidentEvent(
  tx: Queryable,
  event: {
    incidentId: number;
    atMs: number;
    kind: IncidentEventKind;
    actor: string;
    details?: Record<string, unknown>;
    corrects?: number;
  },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    'INSERT INTO incident_events (incident_id, at_ms, kind, actor, details, corrects) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [
      event.incidentId,
      event.atMs,
      event.kind,
      event.actor,
      JSON.stringify(event.details ?? {}),
      event.corrects ?? null,
    ],
  );
  return row?.id as number;
}
