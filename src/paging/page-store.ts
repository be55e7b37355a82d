import { NinesError } from '../core/errors.ts';
import type { ContactMethod } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { unscopedGroupKey } from './group-key.ts';
import type { PageRow, PageStatus } from './page-row.ts';

/** A row of the `alerts` table: one received alert by its identity. */
export interface AlertRow {
  id: number;
  source: string;
  integration: string;
  fingerprint: string;
  status: string;
  severity: string;
  service: string | null;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  starts_ms: number;
  ends_ms: number | null;
  first_seen_ms: number;
  last_seen_ms: number;
  page_id: number | null;
  suppressed_by: string | null;
}

/** One entry of a page's history (`page_events`). */
export interface PageEventRow {
  at_ms: number;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

/** A notification of a page, without its message (which holds ack links). */
export interface PageDeliveryRow {
  id: number;
  recipient: string;
  channel: string;
  contact: ContactMethod;
  status: string;
  attempts: number;
  last_error: string | null;
  created_ms: number;
  sent_ms: number | null;
}

/** The page, or undefined when there is none. */
export async function findPage(db: Queryable, id: number): Promise<PageRow | undefined> {
  const [page] = await db.query<PageRow>('SELECT * FROM pages WHERE id = $1', [id]);
  return page;
}

/** Pages matching the filter, newest first. */
export function listPages(
  db: Queryable,
  filter: { status?: PageStatus; service?: string; limit: number },
): Promise<PageRow[]> {
  return db.query<PageRow>(
    `SELECT * FROM pages WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR service = $2)
     ORDER BY created_ms DESC, id DESC LIMIT $3`,
    [filter.status ?? null, filter.service ?? null, filter.limit],
  );
}

/** Received alerts, most recently seen first; `suppressed` keeps only those held back (or only the others). */
export function listAlertRows(
  db: Queryable,
  filter: { status?: string; service?: string; suppressed?: boolean; limit: number },
): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `SELECT * FROM alerts
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR service = $2)
       AND ($3::boolean IS NULL OR (suppressed_by IS NOT NULL) = $3)
     ORDER BY last_seen_ms DESC, id DESC LIMIT $4`,
    [filter.status ?? null, filter.service ?? null, filter.suppressed ?? null, filter.limit],
  );
}

/** The page's alerts, history and deliveries, each oldest first. */
export async function pageRecords(
  db: Queryable,
  pageId: number,
): Promise<{ alerts: AlertRow[]; events: PageEventRow[]; deliveries: PageDeliveryRow[] }> {
  const alerts = await db.query<AlertRow>('SELECT * FROM alerts WHERE page_id = $1 ORDER BY id', [pageId]);
  const events = await db.query<PageEventRow>(
    'SELECT at_ms, kind, actor, details FROM page_events WHERE page_id = $1 ORDER BY id',
    [pageId],
  );
  const deliveries = await db.query<PageDeliveryRow>(
    `SELECT id, recipient, channel, contact, status, attempts, last_error, created_ms, sent_ms
     FROM deliveries WHERE page_id = $1 ORDER BY id`,
    [pageId],
  );
  return { alerts, events, deliveries };
}

/**
 * A stored alert by its identity, with its group key as the sender gave it (the stored one is scoped to
 * the integration), so it can be taken in again with a new status.
 */
export async function storedAlert(
  db: Queryable,
  identity: { source: string; integration: string; fingerprint: string },
): Promise<
  | {
      group_key: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
      summary: string;
      starts_ms: number;
    }
  | undefined
> {
  const [row] = await db.query<{
    integration: string;
    group_key: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    summary: string;
    starts_ms: number;
  }>(
    `SELECT integration, group_key, labels, annotations, summary, starts_ms FROM alerts
     WHERE source = $1 AND integration = $2 AND fingerprint = $3`,
    [identity.source, identity.integration, identity.fingerprint],
  );
  if (!row) return undefined;
  const { integration, ...stored } = row;
  return { ...stored, group_key: unscopedGroupKey(row.group_key, integration || identity.source) };
}

/** The pages linked to an incident, oldest first. */
export function pagesOfIncident(
  db: Queryable,
  incidentId: number,
): Promise<
  Array<
    Pick<PageRow, 'id' | 'status' | 'severity' | 'service' | 'summary' | 'created_ms' | 'acknowledged_ms'>
  >
> {
  return db.query(
    'SELECT id, status, severity, service, summary, created_ms, acknowledged_ms FROM pages WHERE incident_id = $1 ORDER BY id',
    [incidentId],
  );
}

/** The history of every page linked to an incident, in storage order. */
export function pageEventsOfIncident(
  db: Queryable,
  incidentId: number,
): Promise<Array<PageEventRow & { id: number; page_id: number }>> {
  return db.query(
    `SELECT e.id, e.page_id, e.at_ms, e.kind, e.actor, e.details FROM page_events e
     JOIN pages p ON p.id = e.page_id WHERE p.incident_id = $1 ORDER BY e.id`,
    [incidentId],
  );
}

/** The notifications sent (or given up) for an incident, in storage order. */
export function settledDeliveriesOfIncident(
  db: Queryable,
  incidentId: number,
): Promise<
  Array<{
    id: number;
    recipient: string;
    channel: string;
    status: string;
    sent_ms: number | null;
    created_ms: number;
    last_error: string | null;
    message: { kind?: string };
  }>
> {
  return db.query(
    `SELECT id, recipient, channel, status, sent_ms, created_ms, last_error, message FROM deliveries
     WHERE incident_id = $1 AND status IN ('sent', 'failed') ORDER BY id`,
    [incidentId],
  );
}

/** When the alerts of a page began (the earliest start), and its first alert's source and labels. */
export async function pageAlertOnset(
  tx: Queryable,
  pageId: number,
): Promise<{
  startsMs: number | null;
  first: { source: string; labels: Record<string, string> } | undefined;
}> {
  const [onset] = await tx.query<{ starts_ms: number | null }>(
    'SELECT min(starts_ms) AS starts_ms FROM alerts WHERE page_id = $1',
    [pageId],
  );
  const [first] = await tx.query<{ source: string; labels: Record<string, string> }>(
    'SELECT source, labels FROM alerts WHERE page_id = $1 ORDER BY id LIMIT 1',
    [pageId],
  );
  return { startsMs: onset?.starts_ms ?? null, first };
}

/** The incident a page belongs to, read in the caller's transaction; null when none. */
export async function incidentIdOfPage(tx: Queryable, pageId: number): Promise<number | null> {
  const [page] = await tx.query<{ incident_id: number | null }>(
    'SELECT incident_id FROM pages WHERE id = $1',
    [pageId],
  );
  return page?.incident_id ?? null;
}

/**
 * Links a page (and so its alerts) to an incident; a page belongs to one incident at most. Returns what
 * the incident's timeline records of it, or null when the page was already linked to this incident.
 */
export async function linkPageToIncident(
  tx: Queryable,
  options: { pageId: number; incidentId: number },
): Promise<{ severity: string; summary: string; alerts: string[] } | null> {
  const { pageId, incidentId } = options;
  const [page] = await tx.query<{
    id: number;
    incident_id: number | null;
    summary: string;
    severity: string;
  }>('SELECT id, incident_id, summary, severity FROM pages WHERE id = $1 FOR UPDATE', [pageId]);
  if (!page)
    throw new NinesError('invalid_input', `no page ${pageId}`, [{ path: 'page', message: 'no such page' }]);
  if (page.incident_id === incidentId) return null;
  if (page.incident_id !== null) {
    throw new NinesError('conflict', `page ${pageId} already belongs to incident ${page.incident_id}`);
  }
  await tx.query('UPDATE pages SET incident_id = $2 WHERE id = $1', [pageId, incidentId]);
  const alerts = await tx.query<{ source: string; fingerprint: string }>(
    'SELECT source, fingerprint FROM alerts WHERE page_id = $1 ORDER BY id',
    [pageId],
  );
  return {
    severity: page.severity,
    summary: page.summary,
    alerts: alerts.map((a) => `${a.source}:${a.fingerprint}`),
  };
}
