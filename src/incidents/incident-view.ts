import { isoTimeOrNull } from '../core/time-format.ts';
import { pagesOfIncident } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { IncidentRow, StatusUpdateRow } from './incident-row.ts';

/** An incident as the API shows it: times in RFC 3339, camelCase names. */
export function incidentView(row: IncidentRow) {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    services: row.services,
    blastRadius: row.blast_radius,
    roles: row.roles,
    public: row.public,
    publicTitle: row.public_title,
    dataLoss: row.data_loss,
    tags: row.tags,
    declaredBy: row.declared_by,
    startedAt: isoTimeOrNull(row.started_ms),
    detectedAt: isoTimeOrNull(row.detected_ms),
    declaredAt: isoTimeOrNull(row.declared_ms),
    acknowledgedAt: isoTimeOrNull(row.acknowledged_ms),
    identifiedAt: isoTimeOrNull(row.identified_ms),
    mitigatedAt: isoTimeOrNull(row.mitigated_ms),
    resolvedAt: isoTimeOrNull(row.resolved_ms),
    lastUpdateAt: isoTimeOrNull(row.last_update_ms),
    nextUpdateDueAt: isoTimeOrNull(row.update_due_ms),
    causeDeploy: row.cause_deploy_id ?? null,
  };
}

export function statusUpdateView(row: StatusUpdateRow) {
  return {
    id: row.id,
    at: isoTimeOrNull(row.at_ms),
    status: row.status,
    message: row.message,
    public: row.public,
    postedBy: row.posted_by,
    dueAt: isoTimeOrNull(row.due_ms),
    onTime: row.on_time,
  };
}

/** The pages and status updates of an incident, for its detail view. */
export async function incidentDetails(db: Queryable, incidentId: number) {
  const pages = await pagesOfIncident(db, incidentId);
  return {
    pages: pages.map((p) => ({
      id: p.id,
      status: p.status,
      severity: p.severity,
      service: p.service,
      summary: p.summary,
      createdAt: isoTimeOrNull(p.created_ms),
      acknowledgedAt: isoTimeOrNull(p.acknowledged_ms),
    })),
    updates: await incidentUpdates(db, incidentId),
  };
}

/** The status updates posted for an incident, oldest first. */
export async function incidentUpdates(db: Queryable, incidentId: number) {
  const rows = await db.query<StatusUpdateRow>(
    'SELECT * FROM status_updates WHERE incident_id = $1 ORDER BY at_ms, id',
    [incidentId],
  );
  return rows.map(statusUpdateView);
}
