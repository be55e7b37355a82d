import type { NormalisedAlert, RoutedAlert } from '../alerting/index.ts';
import { wakeAfterCommit } from '../context/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { PageRow } from './page-row.ts';

/** The stored alert of this identity, locked for the caller's transaction. */
export async function lockAlert(
  tx: Queryable,
  alert: NormalisedAlert,
): Promise<{ id: number; status: string; page_id: number | null; state_changes: number[] } | undefined> {
  const [row] = await tx.query<{
    id: number;
    status: string;
    page_id: number | null;
    state_changes: number[];
  }>(
    'SELECT id, status, page_id, state_changes FROM alerts WHERE source = $1 AND integration = $2 AND fingerprint = $3 FOR UPDATE',
    [alert.source, alert.integration ?? '', alert.fingerprint],
  );
  return row;
}

/** Inserts or updates the alert by its identity; returns its id and page. */
export async function upsertAlert(
  tx: Queryable,
  options: { alert: NormalisedAlert; routed: RoutedAlert; stateChanges: readonly number[]; nowMs: number },
): Promise<{ id: number; page_id: number | null }> {
  const { alert, routed } = options;
  const [row] = await tx.query<{ id: number; page_id: number | null }>(
    `INSERT INTO alerts (source, integration, fingerprint, group_key, status, labels, annotations, summary, severity, service, team,
       starts_ms, ends_ms, first_seen_ms, last_seen_ms, state_changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)
     ON CONFLICT (source, integration, fingerprint) DO UPDATE SET status = excluded.status, labels = excluded.labels,
       annotations = excluded.annotations, summary = excluded.summary, severity = excluded.severity, service = excluded.service,
       team = excluded.team, ends_ms = excluded.ends_ms, last_seen_ms = excluded.last_seen_ms, state_changes = excluded.state_changes,
       group_key = excluded.group_key
     RETURNING id, page_id`,
    [
      alert.source,
      alert.integration ?? '',
      alert.fingerprint,
      alert.groupKey,
      alert.status,
      JSON.stringify(alert.labels),
      JSON.stringify(alert.annotations),
      alert.summary,
      routed.severity,
      routed.service,
      routed.team,
      alert.startsAtMs,
      alert.endsAtMs,
      options.nowMs,
      JSON.stringify(options.stateChanges),
    ],
  );
  if (!row) throw new Error('alert upsert returned nothing');
  return row;
}

/** Records which page an alert belongs to (if any) and why it did not page on its own (null: it paged). */
export async function setAlertPage(
  tx: Queryable,
  alertId: number,
  options: { pageId?: number; suppressedBy: string | null },
): Promise<void> {
  if (options.pageId === undefined) {
    await tx.query('UPDATE alerts SET suppressed_by = $2 WHERE id = $1', [alertId, options.suppressedBy]);
    return;
  }
  await tx.query('UPDATE alerts SET page_id = $2, suppressed_by = $3 WHERE id = $1', [
    alertId,
    options.pageId,
    options.suppressedBy,
  ]);
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
