import { HOUR_MS } from '../core/duration.ts';
import { deployEventsOf, getDeploy, listDeploys } from '../deploys/index.ts';
import { pageEventsOfIncident, settledDeliveriesOfIncident } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';

/**
 * One line of an incident's timeline. The incident's own events are merged at read time with the
 * history of its linked pages (acknowledgements, escalations) and the notifications sent for it, so
 * each fact is stored once, by the module that owns it, and every store stays append-only.
 */
export interface TimelineEntry {
  /** `incident:12`, `page:40`, `delivery:7`, `deploy:3`: unique across the merged sources. */
  id: string;
  atMs: number;
  source: 'incident' | 'page' | 'delivery' | 'deploy';
  /**
   * The incident event's kind, `page.<kind>` for page history, `notification.sent|failed` for deliveries,
   * `deploy.<kind>` (started, finished, …) for deploys of its services.
   */
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
  const deploys = await deployEntries(db, incidentId);
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
    ...deploys,
  ];
  // Stable: at equal times a page's history comes first (a page opening is what declares an incident).
  return entries.sort((a, b) => a.atMs - b.atMs);
}

/** How long before the onset of impact a deploy still shows on the timeline: the usual suspects. */
const DEPLOY_LOOKBACK_MS = HOUR_MS;

/**
 * The history of deploys of the incident's services that ran from an hour before its impact began to its
 * resolution (or now), and of the deploy named as its cause, whenever that ran.
 */
async function deployEntries(db: Queryable, incidentId: number): Promise<TimelineEntry[]> {
  const [incident] = await db.query<{
    services: string[];
    started_ms: number;
    resolved_ms: number | null;
    cause_deploy_id: number | null;
  }>('SELECT services, started_ms, resolved_ms, cause_deploy_id FROM incidents WHERE id = $1', [incidentId]);
  if (!incident) return [];
  const rows =
    incident.services.length === 0
      ? []
      : await listDeploys(db, {
          services: incident.services,
          fromMs: incident.started_ms - DEPLOY_LOOKBACK_MS,
          toMs: incident.resolved_ms ?? Number.MAX_SAFE_INTEGER,
          limit: 100,
        });
  if (incident.cause_deploy_id !== null && !rows.some((row) => row.id === incident.cause_deploy_id)) {
    const cause = await getDeploy(db, incident.cause_deploy_id);
    if (cause) rows.push(cause);
  }
  const byId = new Map(rows.map((deploy) => [deploy.id, deploy]));
  const entries: TimelineEntry[] = [];
  for (const event of await deployEventsOf(db, [...byId.keys()])) {
    const deploy = byId.get(event.deploy_id);
    if (deploy) {
      entries.push({
        id: `deploy:${event.id}`,
        atMs: event.at_ms,
        source: 'deploy',
        kind: `deploy.${event.kind}`,
        actor: event.actor,
        details: {
          deploy: deploy.id,
          service: deploy.service,
          version: deploy.version,
          ...(deploy.id === incident.cause_deploy_id ? { cause: true } : {}),
          ...event.details,
        },
        corrects: null,
      });
    }
  }
  return entries;
}
