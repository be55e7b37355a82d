import type { IncidentSeverity } from '../specs/index.ts';
import { type Queryable, sqlFor } from '../storage/index.ts';
import type { ReliabilityIncident } from './reliability.ts';
import type { ReportActionItem, ReportPostmortem } from './reliability-follow-up.ts';

/** Incidents declared in [fromMs, toMs), of one service when `service` is not null. */
export interface IncidentScope {
  fromMs: number;
  toMs: number;
  service: string | null;
}

/** An incident with the services it affected. */
export interface ScopedIncident extends ReliabilityIncident {
  id: number;
  services: string[];
}

// $1..$3 of every query below; `services @> '["x"]'` is jsonb containment.
const inScope = (db: Queryable) =>
  sqlFor(db, {
    postgres: `i.declared_ms >= $1 AND i.declared_ms < $2
      AND ($3::text IS NULL OR i.services @> jsonb_build_array($3::text))`,
    sqlite: `i.declared_ms >= $1 AND i.declared_ms < $2
      AND ($3 IS NULL OR EXISTS (SELECT 1 FROM json_each(i.services) WHERE value = $3))`,
  });
const scopeParams = ({ fromMs, toMs, service }: IncidentScope) => [fromMs, toMs, service];

/**
 * Good and total events per service and month, and how many distinct minutes of it any of the service's
 * SLOs had events in, summed in SQL: `members` map SLO instances to their service, `monthStartsMs` are
 * the ascending starts of the report's month spans, and `monthIndex` is 0 for the first.
 */
export async function readMonthEvents(
  db: Queryable,
  input: {
    members: ReadonlyArray<{ slo: string; service: string }>;
    fromMs: number;
    toMs: number;
    monthStartsMs: readonly number[];
  },
): Promise<Array<{ service: string; monthIndex: number; good: number; total: number; minutes: number }>> {
  if (input.members.length === 0) return [];
  const rows = await db.query<{
    service: string;
    month: number;
    good: number;
    total: number;
    minutes: number;
  }>(
    sqlFor(db, {
      postgres: `WITH members AS (
          SELECT * FROM unnest($1::text[], $2::text[]) AS m(slo, service)
        ), minutes AS (
          SELECT m.service, b.start_ms, sum(LEAST(b.good, b.total)) AS good, sum(b.total) AS total
          FROM sli_buckets b JOIN members m ON m.slo = b.slo
          WHERE b.start_ms >= $3 AND b.start_ms < $4
          GROUP BY m.service, b.start_ms
        )
        SELECT service, width_bucket(start_ms, $5::bigint[]) AS month, sum(good) AS good, sum(total) AS total,
          count(*) FILTER (WHERE total > 0) AS minutes
        FROM minutes GROUP BY service, month`,
      // Members are few, so the parallel JSON arrays are zipped by index; width_bucket's month is how many
      // of the ascending month starts are at or before the minute.
      sqlite: `WITH members AS (
          SELECT c.value AS slo, $2 ->> c.key AS service FROM json_each($1) c
        ), minutes AS (
          SELECT m.service, b.start_ms, sum(min(b.good, b.total)) AS good, sum(b.total) AS total
          FROM sli_buckets b JOIN members m ON m.slo = b.slo
          WHERE b.start_ms >= $3 AND b.start_ms < $4
          GROUP BY m.service, b.start_ms
        )
        SELECT service, (SELECT count(*) FROM json_each($5) s WHERE s.value <= start_ms) AS month,
          sum(good) AS good, sum(total) AS total, count(*) FILTER (WHERE total > 0) AS minutes
        FROM minutes GROUP BY service, month`,
    }),
    [
      input.members.map((member) => member.slo),
      input.members.map((member) => member.service),
      input.fromMs,
      input.toMs,
      input.monthStartsMs,
    ],
  );
  return rows.map((row) => ({
    service: row.service,
    monthIndex: Number(row.month) - 1,
    good: Number(row.good),
    total: Number(row.total),
    minutes: Number(row.minutes),
  }));
}

/** Incidents in scope, oldest declaration first; an unacknowledged incident takes its pages' first ack. */
export async function readIncidents(db: Queryable, scope: IncidentScope): Promise<ScopedIncident[]> {
  const rows = await db.query<{
    id: number;
    severity: IncidentSeverity;
    services: string[];
    started_ms: number;
    detected_ms: number;
    declared_ms: number;
    acknowledged_ms: number | null;
    resolved_ms: number | null;
  }>(
    `SELECT i.id, i.severity, i.services, i.started_ms, i.detected_ms, i.declared_ms, i.resolved_ms,
       COALESCE(i.acknowledged_ms, (SELECT min(p.acknowledged_ms) FROM pages p WHERE p.incident_id = i.id))
         AS acknowledged_ms
     FROM incidents i WHERE ${inScope(db)} ORDER BY i.declared_ms, i.id`,
    scopeParams(scope),
  );
  return rows.map((row) => ({
    id: row.id,
    severity: row.severity,
    services: row.services,
    startedMs: row.started_ms,
    detectedMs: row.detected_ms,
    declaredMs: row.declared_ms,
    acknowledgedMs: row.acknowledged_ms,
    resolvedMs: row.resolved_ms,
  }));
}

/** Postmortems of the incidents in scope. */
export async function readPostmortems(db: Queryable, scope: IncidentScope): Promise<ReportPostmortem[]> {
  return db.query<ReportPostmortem>(
    `SELECT pm.status, pm.required FROM postmortems pm JOIN incidents i ON i.id = pm.incident_id
     WHERE ${inScope(db)}`,
    scopeParams(scope),
  );
}

/** Action items of those postmortems. */
export async function readActionItems(db: Queryable, scope: IncidentScope): Promise<ReportActionItem[]> {
  const rows = await db.query<{
    status: ReportActionItem['status'];
    created_ms: number;
    due_ms: number;
    completed_ms: number | null;
  }>(
    `SELECT a.status, a.created_ms, a.due_ms, a.completed_ms
     FROM action_items a JOIN postmortems pm ON pm.id = a.postmortem_id JOIN incidents i ON i.id = pm.incident_id
     WHERE ${inScope(db)}`,
    scopeParams(scope),
  );
  return rows.map((row) => ({
    status: row.status,
    createdMs: row.created_ms,
    dueMs: row.due_ms,
    completedMs: row.completed_ms,
  }));
}
