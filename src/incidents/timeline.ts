import { pageEventsOfIncident, settledDeliveriesOfIncident } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';

/**
 * One line of an incident's timeline. The incident's own events are merged at read time with the
 * history of its linked pages (acknowledgements, escalations) and the notifications sent for it, so
 * each fact is stored once, by the module that owns it, and every store stays append-only.
 */
export interface TimelineEntry {
  /** `incident:12`, `page:40`, `delivery:7`: unique across the merged sources. */
  id: string;
  atMs: number;
  source: 'incident' | 'page' | 'delivery';
  /** The incident event's kind, `page.<kind>` for page history, `notification.sent|failed` for deliveries. */
  kind: string;
  actor: string;
  details: Record<string, unknown>;
  /** For a correction: the `incident:<id>` entry it corrects. */
  corrects: string | null;
}

/** The whole timeline of an incident, oldest first (ties in storage order). */
export async function incidentTimeline(db: Queryable, incidentId: number): Promise<TimelineEntry[]> {
  const own = await db.query<{
    id: number;
    at_ms: number;
    kind: string;
    actor: string;
    details: Record<string, unknown>;
    corrects: number | null;
  }>(
    'SELECT id, at_ms, kind, actor, details, corrects FROM incident_events WHERE incident_id = $1 ORDER BY id',
    [incidentId],
  );
  const pages = await pageEventsOfIncident(db, incidentId);
  const deliveries = await settledDeliveriesOfIncident(db, incidentId);
  const entries: TimelineEntry[] = [
    ...pages.map((e) => ({
      id: `page:${e.id}`,
      atMs: e.at_ms,
      source: 'page' as const,
      kind: `page.${e.kind}`,
      actor: e.actor,
      details: { page: e.page_id, ...e.details },
      corrects: null,
    })),
    ...own.map((e) => ({
      id: `incident:${e.id}`,
      atMs: e.at_ms,
      source: 'incident' as const,
      kind: e.kind,
      actor: e.actor,
      details: e.details,
      corrects: e.corrects === null ? null : `incident:${e.corrects}`,
    })),
    ...deliveries.map((d) => ({
      id: `delivery:${d.id}`,
      atMs: d.sent_ms ?? d.created_ms,
      source: 'delivery' as const,
      kind: `notification.${d.status}`,
      actor: 'nines',
      details: {
        recipient: d.recipient,
        channel: d.channel,
        about: d.message.kind ?? null,
        ...(d.last_error ? { error: d.last_error } : {}),
      },
      corrects: null,
    })),
  ];
  // Stable: at equal times a page's history comes first (a page opening is what declares an incident).
  return entries.sort((a, b) => a.atMs - b.atMs);
}
