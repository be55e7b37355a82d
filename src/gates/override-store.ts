import { NinesError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { ChangeKind } from '../specs/index.ts';
import { appendAudit, type Db, type Queryable } from '../storage/index.ts';

/** An admin override of a service's deploy gate, as stored in `gate_overrides`. */
export interface GateOverrideRow {
  id: string;
  service: string;
  changes: ChangeKind[];
  reason: string;
  created_ms: number;
  created_by: string;
  expires_ms: number;
  revoked_ms: number | null;
}

/**
 * Overrides in force at `nowMs` (not expired, not revoked), newest first: of `service`, or of every
 * service when it is undefined.
 */
export function activeOverrides(
  db: Queryable,
  service: string | undefined,
  nowMs: number,
): Promise<GateOverrideRow[]> {
  const order = 'ORDER BY created_ms DESC, id';
  return service === undefined
    ? db.query<GateOverrideRow>(
        `SELECT * FROM gate_overrides WHERE expires_ms > $1 AND revoked_ms IS NULL ${order}`,
        [nowMs],
      )
    : db.query<GateOverrideRow>(
        `SELECT * FROM gate_overrides WHERE service = $1 AND expires_ms > $2 AND revoked_ms IS NULL ${order}`,
        [service, nowMs],
      );
}

/** Every override of `service` that ended after `sinceMs` or is still in force, newest first. */
export function recentOverrides(db: Queryable, service: string, sinceMs: number): Promise<GateOverrideRow[]> {
  return db.query<GateOverrideRow>(
    'SELECT * FROM gate_overrides WHERE service = $1 AND expires_ms > $2 ORDER BY created_ms DESC, id',
    [service, sinceMs],
  );
}

/** Records an override and its audit entry in one transaction. */
export async function createOverride(options: {
  db: Db;
  service: string;
  changes: ChangeKind[];
  reason: string;
  actor: string;
  nowMs: number;
  expiresMs: number;
}): Promise<GateOverrideRow> {
  const row: GateOverrideRow = {
    id: newId(),
    service: options.service,
    changes: options.changes,
    reason: options.reason,
    created_ms: options.nowMs,
    created_by: options.actor,
    expires_ms: options.expiresMs,
    revoked_ms: null,
  };
  await options.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO gate_overrides (id, service, changes, reason, created_ms, created_by, expires_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.id,
        row.service,
        JSON.stringify(row.changes),
        row.reason,
        row.created_ms,
        row.created_by,
        row.expires_ms,
      ],
    );
    await appendAudit(tx, {
      nowMs: options.nowMs,
      actor: options.actor,
      action: 'gate.override',
      target: row.id,
      details: { service: row.service, changes: row.changes, reason: row.reason, expiresMs: row.expires_ms },
    });
  });
  return row;
}

/** Ends an override now, audited; an override that already ended is a 404 (nothing to revoke). */
export async function revokeOverride(options: {
  db: Db;
  service: string;
  id: string;
  actor: string;
  nowMs: number;
}): Promise<GateOverrideRow> {
  return options.db.transaction(async (tx) => {
    const [row] = await tx.query<GateOverrideRow>(
      'UPDATE gate_overrides SET revoked_ms = $3 WHERE service = $1 AND id = $2 AND revoked_ms IS NULL AND expires_ms > $3 RETURNING *',
      [options.service, options.id, options.nowMs],
    );
    if (!row)
      throw new NinesError(
        'not_found',
        `service "${options.service}" has no override ${options.id} in force`,
      );
    await appendAudit(tx, {
      nowMs: options.nowMs,
      actor: options.actor,
      action: 'gate.override.revoke',
      target: row.id,
      details: { service: row.service },
    });
    return row;
  });
}
