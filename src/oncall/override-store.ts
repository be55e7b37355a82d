import { NinesError } from '../core/errors.ts';
import { appendAudit, type Db, type Queryable, sqlFor } from '../storage/index.ts';
import type { ScheduleOverride } from './who-is-on-call.ts';

/** A schedule override as stored in `schedule_overrides`; a deleted one keeps its row. */
export interface OverrideRow {
  id: string;
  schedule: string;
  person: string;
  start_ms: number;
  end_ms: number;
  created_ms: number;
  created_by: string;
  deleted_ms: number | null;
}

/** The one mapping from a stored override to what the on-call functions take. */
function toScheduleOverride(row: Pick<OverrideRow, 'id' | 'person' | 'start_ms' | 'end_ms' | 'created_ms'>) {
  return {
    id: row.id,
    person: row.person,
    startMs: row.start_ms,
    endMs: row.end_ms,
    createdMs: row.created_ms,
  } satisfies ScheduleOverride;
}

/** A schedule's live (not deleted) overrides that end after `afterMs`, by start. */
export function listOverrides(db: Queryable, schedule: string, afterMs: number): Promise<OverrideRow[]> {
  return db.query<OverrideRow>(
    'SELECT * FROM schedule_overrides WHERE schedule = $1 AND deleted_ms IS NULL AND end_ms > $2 ORDER BY start_ms, id',
    [schedule, afterMs],
  );
}

/** A schedule's live (not deleted) overrides that end after `afterMs`, as the on-call functions take them. */
export async function liveOverrides(
  db: Queryable,
  schedule: string,
  afterMs: number,
): Promise<ScheduleOverride[]> {
  const rows = await db.query<OverrideRow>(
    'SELECT id, person, start_ms, end_ms, created_ms FROM schedule_overrides WHERE schedule = $1 AND deleted_ms IS NULL AND end_ms > $2 ORDER BY created_ms, id',
    [schedule, afterMs],
  );
  return rows.map(toScheduleOverride);
}

/**
 * Overrides that covered part of [fromMs, toMs), by schedule. A deleted override counts until its
 * deletion: who was actually on call then.
 */
export async function overridesCovering(
  db: Queryable,
  range: { fromMs: number; toMs: number },
): Promise<Map<string, ScheduleOverride[]>> {
  const rows = await db.query<OverrideRow>(
    sqlFor(db, {
      postgres: `SELECT id, schedule, person, start_ms, LEAST(end_ms, COALESCE(deleted_ms, end_ms)) AS end_ms, created_ms
        FROM schedule_overrides
        WHERE start_ms < $2 AND LEAST(end_ms, COALESCE(deleted_ms, end_ms)) > GREATEST(start_ms, $1)
        ORDER BY created_ms, id`,
      // SQLite's two-argument min and max are PostgreSQL's LEAST and GREATEST (no argument is NULL here).
      sqlite: `SELECT id, schedule, person, start_ms, min(end_ms, COALESCE(deleted_ms, end_ms)) AS end_ms, created_ms
        FROM schedule_overrides
        WHERE start_ms < $2 AND min(end_ms, COALESCE(deleted_ms, end_ms)) > max(start_ms, $1)
        ORDER BY created_ms, id`,
    }),
    [range.fromMs, range.toMs],
  );
  const bySchedule = new Map<string, ScheduleOverride[]>();
  for (const row of rows) {
    const overrides = bySchedule.get(row.schedule) ?? [];
    overrides.push(toScheduleOverride(row));
    bySchedule.set(row.schedule, overrides);
  }
  return bySchedule;
}

/** Stores a new override and its audit entry in one transaction. */
export async function createOverride(options: {
  db: Db;
  override: OverrideRow;
  auditDetails: object;
}): Promise<void> {
  const row = options.override;
  await options.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO schedule_overrides (id, schedule, person, start_ms, end_ms, created_ms, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.schedule, row.person, row.start_ms, row.end_ms, row.created_ms, row.created_by],
    );
    await appendAudit(tx, {
      nowMs: row.created_ms,
      actor: row.created_by,
      action: 'override.create',
      target: row.id,
      details: options.auditDetails,
    });
  });
}

/** Deletes a live override at `nowMs` (its row stays, for reports), audited; returns it as deleted. */
export async function deleteOverride(options: {
  db: Db;
  schedule: string;
  id: string;
  actor: string;
  nowMs: number;
}): Promise<OverrideRow> {
  const { schedule, id, nowMs } = options;
  return options.db.transaction(async (tx) => {
    const [row] = await tx.query<OverrideRow>(
      'UPDATE schedule_overrides SET deleted_ms = $3 WHERE schedule = $1 AND id = $2 AND deleted_ms IS NULL RETURNING *',
      [schedule, id, nowMs],
    );
    if (!row) throw new NinesError('not_found', `schedule "${schedule}" has no override ${id}`);
    await appendAudit(tx, {
      nowMs,
      actor: options.actor,
      action: 'override.delete',
      target: row.id,
      details: { schedule },
    });
    return row;
  });
}
