import { columnArrays, type Queryable, sqlFor, unnestColumns } from '../storage/index.ts';

/** Kinds of entries in a page's append-only history. */
export type PageEventKind =
  | 'triggered'
  | 'alert_attached'
  | 'severity_raised'
  | 'dependent_alert_attached'
  | 'alert_resolved'
  | 'escalated'
  | 'escalation_exhausted'
  | 'acknowledged'
  | 'resolved'
  | 'snoozed'
  | 'snooze_ended'
  | 'reassigned'
  | 'reopened'
  | 'delivery_sent'
  | 'delivery_failed'
  | 'no_escalation_policy'
  /** Someone the escalation meant to notify has no contact to send to. */
  | 'unreachable'
  /** A notification failed for good and the team has no other contact to fall back to. */
  | 'fallback_unavailable';

export async function addPageEvent(
  tx: Queryable,
  event: {
    pageId: number;
    atMs: number;
    kind: PageEventKind;
    actor: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.query(
    'INSERT INTO page_events (page_id, at_ms, kind, actor, details) VALUES ($1, $2, $3, $4, $5)',
    [event.pageId, event.atMs, event.kind, event.actor, JSON.stringify(event.details ?? {})],
  );
}

/** A page history entry, as `addPageEvent` takes it (details required: `insertPageEvents` writes them as given). */
export interface PageEventWrite {
  pageId: number;
  atMs: number;
  kind: PageEventKind;
  actor: string;
  details: Record<string, unknown>;
}

const pageEventTypes = { page_id: 'bigint', at_ms: 'bigint', kind: 'text', actor: 'text', details: 'jsonb' };

const insertPageEventsSql = {
  postgres: `INSERT INTO page_events (page_id, at_ms, kind, actor, details)
    SELECT page_id, at_ms, kind, actor, details FROM ${unnestColumns(pageEventTypes)} ORDER BY n`,
  sqlite: `INSERT INTO page_events (page_id, at_ms, kind, actor, details)
    SELECT value->>'page_id', value->>'at_ms', value->>'kind', value->>'actor', value->>'details'
    FROM json_each($1) ORDER BY key`,
};

/** Appends page history entries in one statement, in the order given. */
export async function insertPageEvents(tx: Queryable, events: readonly PageEventWrite[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    page_id: e.pageId,
    at_ms: e.atMs,
    kind: e.kind,
    actor: e.actor,
    details: e.details,
  }));
  const params = tx.engine === 'postgres' ? columnArrays(rows, pageEventTypes) : [JSON.stringify(rows)];
  await tx.query(sqlFor(tx, insertPageEventsSql), params);
}
