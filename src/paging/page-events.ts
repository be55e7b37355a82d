import type { Queryable } from '../storage/index.ts';

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
