import type { Queryable } from '../storage/index.ts';

/** A page event with the page's state now (not as it was then): enough to update a list without a refetch. */
export interface PageChange {
  id: number;
  pageId: number;
  kind: string;
  actor: string;
  atMs: number;
  status: string;
  severity: string;
  service: string | null;
  summary: string;
}

/** An incident event with the incident's state now. */
export interface IncidentChange {
  id: number;
  incidentId: number;
  kind: string;
  actor: string;
  atMs: number;
  status: string;
  severity: string;
  title: string;
}

/** A deploy event with the deploy's state now (outcome null while it runs). */
export interface DeployChange {
  id: number;
  deployId: number;
  kind: string;
  actor: string;
  atMs: number;
  service: string;
  version: string;
  environment: string;
  outcome: string | null;
}

/** The newest page, incident and deploy event ids (0 when there is none): where a stream without a cursor starts. */
export async function latestEventIds(
  db: Queryable,
): Promise<{ pageEventId: number; incidentEventId: number; deployEventId: number }> {
  const [row] = await db.query<{ page: number | null; incident: number | null; deploy: number | null }>(
    `SELECT (SELECT max(id) FROM page_events) AS page, (SELECT max(id) FROM incident_events) AS incident,
            (SELECT max(id) FROM deploy_events) AS deploy`,
  );
  return {
    pageEventId: Number(row?.page ?? 0),
    incidentEventId: Number(row?.incident ?? 0),
    deployEventId: Number(row?.deploy ?? 0),
  };
}

/** Page events with ids in (afterId, upToId], oldest first, at most `limit`. */
export async function pageChangesAfter(
  db: Queryable,
  range: { afterId: number; upToId?: number; limit: number },
): Promise<PageChange[]> {
  const rows = await db.query<{
    id: number;
    page_id: number;
    kind: string;
    actor: string;
    at_ms: number;
    status: string;
    severity: string;
    service: string | null;
    summary: string;
  }>(
    `SELECT e.id, e.page_id, e.kind, e.actor, e.at_ms, p.status, p.severity, p.service, p.summary
     FROM page_events e JOIN pages p ON p.id = e.page_id
     WHERE e.id > $1 AND e.id <= $2 ORDER BY e.id LIMIT $3`,
    [range.afterId, range.upToId ?? Number.MAX_SAFE_INTEGER, range.limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    pageId: Number(row.page_id),
    kind: row.kind,
    actor: row.actor,
    atMs: Number(row.at_ms),
    status: row.status,
    severity: row.severity,
    service: row.service,
    summary: row.summary,
  }));
}

/** Incident events with ids in (afterId, upToId], oldest first, at most `limit`. */
export async function incidentChangesAfter(
  db: Queryable,
  range: { afterId: number; upToId?: number; limit: number },
): Promise<IncidentChange[]> {
  const rows = await db.query<{
    id: number;
    incident_id: number;
    kind: string;
    actor: string;
    at_ms: number;
    status: string;
    severity: string;
    title: string;
  }>(
    `SELECT e.id, e.incident_id, e.kind, e.actor, e.at_ms, i.status, i.severity, i.title
     FROM incident_events e JOIN incidents i ON i.id = e.incident_id
     WHERE e.id > $1 AND e.id <= $2 ORDER BY e.id LIMIT $3`,
    [range.afterId, range.upToId ?? Number.MAX_SAFE_INTEGER, range.limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    incidentId: Number(row.incident_id),
    kind: row.kind,
    actor: row.actor,
    atMs: Number(row.at_ms),
    status: row.status,
    severity: row.severity,
    title: row.title,
  }));
}

/** Deploy events with ids in (afterId, upToId], oldest first, at most `limit`. */
export async function deployChangesAfter(
  db: Queryable,
  range: { afterId: number; upToId?: number; limit: number },
): Promise<DeployChange[]> {
  const rows = await db.query<{
    id: number;
    deploy_id: number;
    kind: string;
    actor: string;
    at_ms: number;
    service: string;
    version: string;
    environment: string;
    outcome: string | null;
  }>(
    `SELECT e.id, e.deploy_id, e.kind, e.actor, e.at_ms, d.service, d.version, d.environment, d.outcome
     FROM deploy_events e JOIN deploys d ON d.id = e.deploy_id
     WHERE e.id > $1 AND e.id <= $2 ORDER BY e.id LIMIT $3`,
    [range.afterId, range.upToId ?? Number.MAX_SAFE_INTEGER, range.limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    deployId: Number(row.deploy_id),
    kind: row.kind,
    actor: row.actor,
    atMs: Number(row.at_ms),
    service: row.service,
    version: row.version,
    environment: row.environment,
    outcome: row.outcome,
  }));
}
