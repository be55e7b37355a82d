import type { AppContext } from '../context/index.ts';
import type { NotificationMessage } from '../notify/index.ts';
import { enqueueDeliveries, type Recipient } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { IncidentRow } from './incident-row.ts';

/** The teams owning the incident's affected services, with their channels. */
export function owningTeams(ctx: AppContext, incident: IncidentRow): Recipient[] {
  const { model } = ctx.engine;
  const owners = new Set(
    incident.services.map((s) => model.services.find((svc) => svc.name === s)?.owner).filter(Boolean),
  );
  return model.teams
    .filter((t) => owners.has(t.name))
    .map((t) => ({ name: t.name, kind: 'team' as const, contacts: t.contacts }));
}

/**
 * Queues one message about an incident to `recipients` through the outbox, in the caller's transaction;
 * `key` makes the decision idempotent (a rerun or a retried transaction queues nothing more).
 */
export async function notifyAboutIncident(
  ctx: AppContext,
  tx: Queryable,
  options: {
    incident: IncidentRow;
    kind: NotificationMessage['kind'];
    summary: string;
    details: string[];
    recipients: Recipient[];
    key: string;
    nowMs: number;
  },
): Promise<void> {
  const { incident, nowMs } = options;
  await enqueueDeliveries(tx, {
    pageId: null,
    incidentId: incident.id,
    recipients: options.recipients,
    message: {
      pageId: null,
      reference: `incident ${incident.id}`,
      kind: options.kind,
      severity: incident.severity,
      service: incident.services[0] ?? null,
      summary: options.summary,
      details: options.details,
      runbookUrl: null,
      ackUrl: null,
      pageUrl: `${ctx.publicUrl}/incidents/${incident.id}`,
      level: null,
      occurredAtMs: nowMs,
    },
    keyPrefix: `incident:${incident.id}:${options.key}`,
    nowMs,
  });
}

/**
 * Tells the owning teams' channels that an incident was declared or resolved (seed 003: announce in the
 * channel, send a clear all-clear). `round` tells a resolution after a reopening from the first one, so
 * each gets its own idempotency key.
 */
export async function announceIncident(
  ctx: AppContext,
  tx: Queryable,
  options: {
    incident: IncidentRow;
    kind: 'incident_declared' | 'incident_resolved';
    round: number;
    nowMs: number;
  },
): Promise<void> {
  const { incident } = options;
  const roles = Object.entries(incident.roles).map(([role, who]) => `${role}: ${[who].flat().join(', ')}`);
  await notifyAboutIncident(ctx, tx, {
    incident,
    kind: options.kind,
    summary: incident.title,
    details: [
      `Services: ${incident.services.join(', ') || '—'}`,
      ...(incident.blast_radius.length > 0 ? [`Blast radius: ${incident.blast_radius.join(', ')}`] : []),
      ...roles,
    ],
    recipients: owningTeams(ctx, incident),
    key: `${options.kind}:${options.round}`,
    nowMs: options.nowMs,
  });
}
