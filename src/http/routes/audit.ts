import type { Queryable } from '../../storage/index.ts';

/** Appends to the audit log, in the caller's transaction, so the change and its record commit together. */
export async function audit(
  tx: Queryable,
  entry: { nowMs: number; actor: string; action: string; target: string; details: object },
): Promise<void> {
  await tx.query(
    'INSERT INTO audit_log (at_ms, actor, action, target, details) VALUES ($1, $2, $3, $4, $5)',
    [entry.nowMs, entry.actor, entry.action, entry.target, JSON.stringify(entry.details)],
  );
}
