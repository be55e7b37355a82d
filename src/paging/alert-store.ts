import type { NormalisedAlert, RoutedAlert } from '../alerting/index.ts';
import { wakeAfterCommit } from '../context/index.ts';
import { columnArrays, type Queryable, sqlFor, unnestColumns } from '../storage/index.ts';
import type { PageRow } from './page-row.ts';

/** An alert row as intake reads and writes it (everything but its id, seen times and start). */
export interface AlertRowState {
  group_key: string;
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  summary: string;
  severity: string;
  service: string | null;
  team: string | null;
  ends_ms: number | null;
  page_id: number | null;
  suppressed_by: string | null;
  state_changes: number[];
}

/** A stored alert of one identity, as read for a batch. */
export interface StoredAlertRow extends AlertRowState {
  id: number;
  fingerprint: string;
}

/** An alert row to insert, or to update by its identity (source, integration, fingerprint). */
export interface AlertRowWrite extends AlertRowState {
  source: string;
  integration: string;
  fingerprint: string;
  starts_ms: number;
}

const storedColumns =
  'id, fingerprint, status, page_id, suppressed_by, state_changes, group_key, labels, annotations, summary, severity, service, team, ends_ms';

/**
 * Marks the stored alerts of these fingerprints (within one source and integration) seen now, and returns
 * them, locked for the caller's transaction: the update that records a re-sent alert is the lock that
 * guards it, so an alert re-sent unchanged costs nothing more.
 */
export function markAlertsSeen(
  tx: Queryable,
  scope: { source: string; integration: string },
  options: { fingerprints: readonly string[]; nowMs: number },
): Promise<StoredAlertRow[]> {
  const sql = sqlFor(tx, {
    postgres: `UPDATE alerts SET last_seen_ms = $4 WHERE source = $1 AND integration = $2 AND fingerprint = ANY($3::text[]) RETURNING ${storedColumns}`,
    sqlite: `UPDATE alerts SET last_seen_ms = $4 WHERE source = $1 AND integration = $2 AND fingerprint IN (SELECT value FROM json_each($3)) RETURNING ${storedColumns}`,
  });
  return tx.query<StoredAlertRow>(sql, [
    scope.source,
    scope.integration,
    options.fingerprints,
    options.nowMs,
  ]);
}

const writtenColumns =
  'source, integration, fingerprint, group_key, status, labels, annotations, summary, severity, service, team, starts_ms, ends_ms, state_changes, page_id, suppressed_by';

const onConflict = `ON CONFLICT (source, integration, fingerprint) DO UPDATE SET status = excluded.status, labels = excluded.labels,
  annotations = excluded.annotations, summary = excluded.summary, severity = excluded.severity, service = excluded.service,
  team = excluded.team, ends_ms = excluded.ends_ms, last_seen_ms = excluded.last_seen_ms, state_changes = excluded.state_changes,
  group_key = excluded.group_key, page_id = excluded.page_id, suppressed_by = excluded.suppressed_by`;

const alertRowTypes: Record<string, string> = {
  source: 'text',
  integration: 'text',
  fingerprint: 'text',
  group_key: 'text',
  status: 'text',
  labels: 'jsonb',
  annotations: 'jsonb',
  summary: 'text',
  severity: 'text',
  service: 'text',
  team: 'text',
  starts_ms: 'bigint',
  ends_ms: 'bigint',
  state_changes: 'jsonb',
  page_id: 'bigint',
  suppressed_by: 'text',
};

/** PostgreSQL: every row in one statement (one round trip). */
const upsertAlertRowsSql = `INSERT INTO alerts (${writtenColumns}, first_seen_ms, last_seen_ms)
  SELECT ${writtenColumns}, $17::bigint, $17::bigint FROM ${unnestColumns(alertRowTypes)} ORDER BY n
  ${onConflict}`;

/** SQLite: one prepared statement run per row (in process, cheaper than unpacking JSON rows). */
const upsertAlertRowSql = `INSERT INTO alerts (${writtenColumns}, first_seen_ms, last_seen_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
  ${onConflict}`;

/**
 * Inserts or updates alerts by their identity: at most one row per identity (a statement may not change a
 * row twice). New rows are numbered in the order given.
 */
export async function upsertAlertRows(
  tx: Queryable,
  rows: readonly AlertRowWrite[],
  nowMs: number,
): Promise<void> {
  if (rows.length === 0) return;
  if (tx.engine === 'postgres') {
    await tx.query(upsertAlertRowsSql, [...columnArrays(rows, alertRowTypes), nowMs]);
    return;
  }
  // Issued together, run in order: the connection takes one statement at a time.
  await Promise.all(
    rows.map((row) =>
      tx.query(upsertAlertRowSql, [
        row.source,
        row.integration,
        row.fingerprint,
        row.group_key,
        row.status,
        row.labels,
        row.annotations,
        row.summary,
        row.severity,
        row.service,
        row.team,
        row.starts_ms,
        row.ends_ms,
        row.state_changes,
        row.page_id,
        row.suppressed_by,
        nowMs,
      ]),
    ),
  );
}

/** The open pages among these ids. */
export function openPagesByIds(tx: Queryable, ids: readonly number[]): Promise<PageRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const sql = sqlFor(tx, {
    postgres: "SELECT * FROM pages WHERE id = ANY($1::bigint[]) AND status <> 'resolved'",
    sqlite: "SELECT * FROM pages WHERE id IN (SELECT value FROM json_each($1)) AND status <> 'resolved'",
  });
  return tx.query<PageRow>(sql, [ids]);
}

/** The page when it is not resolved. */
export async function openPageById(tx: Queryable, pageId: number): Promise<PageRow | undefined> {
  const [page] = await tx.query<PageRow>("SELECT * FROM pages WHERE id = $1 AND status <> 'resolved'", [
    pageId,
  ]);
  return page;
}

/** Whether the page still has an alert that is not resolved. */
export async function pageHasUnresolvedAlert(tx: Queryable, pageId: number): Promise<boolean> {
  const [firing] = await tx.query(
    "SELECT 1 FROM alerts WHERE page_id = $1 AND status <> 'resolved' LIMIT 1",
    [pageId],
  );
  return firing !== undefined;
}

/** The group's open page. */
export async function openGroupPage(tx: Queryable, groupKey: string): Promise<PageRow | undefined> {
  const [page] = await tx.query<PageRow>(
    "SELECT * FROM pages WHERE group_key = $1 AND status <> 'resolved'",
    [groupKey],
  );
  return page;
}

/** The lowest open P0–P2 page of each service that has one. */
export function pagingServices(tx: Queryable): Promise<Array<{ service: string; id: number }>> {
  return tx.query<{ service: string; id: number }>(
    "SELECT service, min(id) AS id FROM pages WHERE status <> 'resolved' AND severity IN ('P0', 'P1', 'P2') AND service IS NOT NULL GROUP BY service",
  );
}

/** The group's newest page, whatever its status. */
export async function lastGroupPage(tx: Queryable, groupKey: string): Promise<PageRow | undefined> {
  const [page] = await tx.query<PageRow>(
    'SELECT * FROM pages WHERE group_key = $1 ORDER BY id DESC LIMIT 1',
    [groupKey],
  );
  return page;
}

/** Acknowledges the page on behalf of the alert's source; the escalation timer stops. */
export async function acknowledgePageBySource(
  tx: Queryable,
  options: { pageId: number; source: string; nowMs: number },
): Promise<void> {
  await tx.query(
    "UPDATE pages SET status = 'acknowledged', acknowledged_ms = $2, acknowledged_by = $3, next_action_ms = NULL WHERE id = $1",
    [options.pageId, options.nowMs, options.source],
  );
}

/**
 * Sets a resolved page triggered again, without restarting its escalation. It is a new round: links sent
 * for the earlier one no longer act on it.
 */
export async function reopenPageQuietly(tx: Queryable, pageId: number): Promise<void> {
  await tx.query(
    "UPDATE pages SET status = 'triggered', resolved_ms = NULL, resolved_by = NULL, round = round + 1 WHERE id = $1",
    [pageId],
  );
}

/** Inserts a triggered page for the alert; a paging severity starts its escalation timer now. */
export async function insertPage(
  tx: Queryable,
  options: { alert: NormalisedAlert; routed: RoutedAlert; escalates: boolean; nowMs: number },
): Promise<PageRow> {
  const { alert, routed, nowMs } = options;
  const [page] = await tx.query<PageRow>(
    `INSERT INTO pages (group_key, status, severity, service, team, summary, escalation_policy, next_action_ms, created_ms)
     VALUES ($1, 'triggered', $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      alert.groupKey,
      routed.severity,
      routed.service,
      routed.team,
      alert.summary,
      routed.escalationPolicy,
      options.escalates ? nowMs : null,
      nowMs,
    ],
  );
  if (!page) throw new Error('page insert returned nothing');
  if (options.escalates) wakeAfterCommit('escalate', nowMs);
  return page;
}
