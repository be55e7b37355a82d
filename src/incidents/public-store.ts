import { type Queryable, sqlFor } from '../storage/index.ts';
import type { IncidentRow, StatusUpdateRow } from './incident-row.ts';

/** Only the columns a public page may use: the internal title, summary, roles and tags stay unread. */
const publicColumns = 'i.id, i.severity, i.status, i.services, i.public_title, i.started_ms, i.resolved_ms';

/** What the public may know of an incident. */
export type PublicIncidentRow = Pick<
  IncidentRow,
  'id' | 'severity' | 'status' | 'services' | 'public_title' | 'started_ms' | 'resolved_ms'
>;

/** A public status update, without who wrote it. */
export type PublicUpdateRow = Pick<StatusUpdateRow, 'id' | 'incident_id' | 'at_ms' | 'status' | 'message'>;

/** Public incidents that are open or were resolved at or after `resolvedSinceMs`. */
export function publicIncidents(db: Queryable, resolvedSinceMs: number): Promise<PublicIncidentRow[]> {
  return db.query<PublicIncidentRow>(
    `SELECT ${publicColumns} FROM incidents i
     WHERE i.public AND (i.status <> 'resolved' OR i.resolved_ms >= $1)`,
    [resolvedSinceMs],
  );
}

/** The public updates of these incidents. */
export function publicUpdatesOf(db: Queryable, incidentIds: readonly number[]): Promise<PublicUpdateRow[]> {
  return db.query<PublicUpdateRow>(
    sqlFor(db, {
      postgres: `SELECT id, incident_id, at_ms, status, message FROM status_updates
        WHERE public AND incident_id = ANY($1::bigint[])`,
      sqlite: `SELECT id, incident_id, at_ms, status, message FROM status_updates
        WHERE public AND incident_id IN (SELECT value FROM json_each($1))`,
    }),
    [incidentIds],
  );
}

/** The newest public updates of public incidents, whatever their age, each with its incident as `i`. */
export async function latestPublicUpdates(
  db: Queryable,
  limit: number,
): Promise<Array<PublicUpdateRow & { i: PublicIncidentRow }>> {
  const rows = await db.query<PublicUpdateRow & { i: PublicIncidentRow | string }>(
    sqlFor(db, {
      postgres: `SELECT u.id, u.incident_id, u.at_ms, u.status, u.message, row_to_json(x) AS i
        FROM status_updates u
        JOIN incidents i ON i.id = u.incident_id
        CROSS JOIN LATERAL (SELECT ${publicColumns}) x
        WHERE u.public AND i.public
        ORDER BY u.at_ms DESC, u.id DESC LIMIT $1`,
      sqlite: `SELECT u.id, u.incident_id, u.at_ms, u.status, u.message,
          json_object('id', i.id, 'severity', i.severity, 'status', i.status, 'services', json(i.services),
            'public_title', i.public_title, 'started_ms', i.started_ms, 'resolved_ms', i.resolved_ms) AS i
        FROM status_updates u
        JOIN incidents i ON i.id = u.incident_id
        WHERE u.public AND i.public
        ORDER BY u.at_ms DESC, u.id DESC LIMIT $1`,
    }),
    [limit],
  );
  // SQLite returns the built object as JSON text (an expression has no declared type to decode by).
  return rows.map((row) => (typeof row.i === 'string' ? { ...row, i: JSON.parse(row.i) } : row)) as Array<
    PublicUpdateRow & { i: PublicIncidentRow }
  >;
}
