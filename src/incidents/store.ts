import { NinesError } from '../core/errors.ts';
import type { Model } from '../specs/index.ts';
import { type Queryable, sqlFor } from '../storage/index.ts';
import type { IncidentRow, IncidentStatus } from './incident-row.ts';

/** The incident, locked for the caller's transaction; not_found when there is none. */
export async function lockIncident(tx: Queryable, id: number): Promise<IncidentRow> {
  const [row] = await tx.query<IncidentRow>('SELECT * FROM incidents WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw new NinesError('not_found', `no incident ${id}`);
  return row;
}

/** The incident; not_found when there is none. */
export async function loadIncident(db: Queryable, id: number): Promise<IncidentRow> {
  const [row] = await db.query<IncidentRow>('SELECT * FROM incidents WHERE id = $1', [id]);
  if (!row) throw new NinesError('not_found', `no incident ${id}`);
  return row;
}

/** The condition "`services` names the service in parameter `$n`". */
function coversService(db: Queryable, n: number): string {
  return sqlFor(db, {
    postgres: `services @> jsonb_build_array($${n}::text)`,
    sqlite: `EXISTS (SELECT 1 FROM json_each(services) WHERE value = $${n})`,
  });
}

/** Newest first, filtered by state (`open` = not resolved), severity and affected service. */
export async function listIncidents(
  db: Queryable,
  filter: {
    status?: IncidentStatus | 'open';
    severity?: string;
    service?: string;
    /** Only incidents naming this deploy as their cause. */
    causeDeploy?: number;
    limit: number;
  },
): Promise<IncidentRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status === 'open') where.push("status <> 'resolved'");
  else if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  if (filter.severity) where.push(`severity = $${params.push(filter.severity)}`);
  if (filter.service) where.push(coversService(db, params.push(filter.service)));
  if (filter.causeDeploy !== undefined) where.push(`cause_deploy_id = $${params.push(filter.causeDeploy)}`);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return db.query<IncidentRow>(
    `SELECT * FROM incidents ${clause} ORDER BY id DESC LIMIT $${params.push(filter.limit)}`,
    params,
  );
}

/** The open incident that already covers `service`, if any (the oldest one). */
export async function openIncidentFor(tx: Queryable, service: string): Promise<IncidentRow | undefined> {
  const [row] = await tx.query<IncidentRow>(
    `SELECT * FROM incidents WHERE status <> 'resolved' AND ${coversService(tx, 1)} ORDER BY id LIMIT 1 FOR UPDATE`,
    [service],
  );
  return row;
}

/** Refuses names that are not Services of the model, listing each. */
export function checkServices(model: Model, services: readonly string[], path = 'services'): void {
  const known = new Set(model.services.map((s) => s.name));
  const unknown = services.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new NinesError(
      'invalid_input',
      `unknown service${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
      unknown.map((name) => ({ path, message: `"${name}" is not a Service in the config` })),
    );
  }
}

/** Refuses a name that is not a Person of the model. */
export function checkPerson(model: Model, person: string, path: string): void {
  if (model.persons.some((p) => p.name === person)) return;
  const team = model.teams.some((t) => t.name === person);
  throw new NinesError('invalid_input', `unknown person "${person}"`, [
    { path, message: team ? 'a role is held by one person, not a team' : 'not a Person in the config' },
  ]);
}
