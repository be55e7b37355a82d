import type { Queryable } from './db.ts';

/** One entry of the audit log: who changed what, when. */
export interface AuditEntry {
  nowMs: number;
  actor: string;
  action: string;
  target: string;
  details: object;
}

/** Appends to `audit_log` in the caller's transaction, so a change and its record commit together. */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    'INSERT INTO audit_log (at_ms, actor, action, target, details) VALUES ($1, $2, $3, $4, $5)',
    [entry.nowMs, entry.actor, entry.action, entry.target, JSON.stringify(entry.details)],
  );
}
