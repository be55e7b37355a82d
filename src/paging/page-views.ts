import { isoTimeOrNull } from '../core/time-format.ts';
import type { ContactMethod } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { PageRow, PageStatus } from './page-row.ts';
import { type AlertRow, listAlertRows, pageRecords } from './page-store.ts';

export const pageStatuses = [
  'triggered',
  'acknowledged',
  'resolved',
] as const satisfies readonly PageStatus[];

/** A page as the API shows it. */
export function pageView(row: PageRow) {
  return {
    id: row.id,
    status: row.status,
    severity: row.severity,
    service: row.service,
    team: row.team,
    summary: row.summary,
    escalationPolicy: row.escalation_policy,
    level: row.level,
    assignee: row.assignee,
    upstreamPageId: row.upstream_page_id,
    createdAt: isoTimeOrNull(row.created_ms),
    acknowledgedAt: isoTimeOrNull(row.acknowledged_ms),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: isoTimeOrNull(row.resolved_ms),
    resolvedBy: row.resolved_by,
    snoozedUntil: isoTimeOrNull(row.snoozed_until_ms),
    /** When the escalation (or the end of a snooze) acts next; null once acknowledged or resolved. */
    nextActionAt: isoTimeOrNull(row.next_action_ms),
  };
}

function hostOf(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** Where a delivery went, without secrets: chat and webhook URLs carry tokens, so only their host is shown. */
export function contactView(contact: ContactMethod, env: Record<string, string | undefined>) {
  switch (contact.kind) {
    case 'email':
      return { kind: contact.kind, address: contact.address };
    case 'slack': {
      const url = typeof contact.webhookUrl === 'string' ? contact.webhookUrl : env[contact.webhookUrl.env];
      return { kind: contact.kind, host: hostOf(url) };
    }
    case 'webhook':
      return { kind: contact.kind, host: hostOf(contact.url) };
  }
}

/** One alert as received by the intake (any source), with why it did not page when it did not. */
export function receivedAlertView(row: AlertRow) {
  return {
    id: row.id,
    source: row.source,
    integration: row.integration || null,
    fingerprint: row.fingerprint,
    status: row.status,
    severity: row.severity,
    service: row.service,
    summary: row.summary,
    labels: row.labels,
    annotations: row.annotations,
    startsAt: isoTimeOrNull(row.starts_ms),
    endsAt: isoTimeOrNull(row.ends_ms),
    firstSeenAt: isoTimeOrNull(row.first_seen_ms),
    lastSeenAt: isoTimeOrNull(row.last_seen_ms),
    pageId: row.page_id,
    suppressedBy: row.suppressed_by,
  };
}

/** Received alerts, most recently seen first; `suppressed` keeps only those a silence, severity or dependency held back. */
export async function listReceivedAlerts(
  db: Queryable,
  filter: { status?: string; service?: string; suppressed?: boolean; limit: number },
) {
  const rows = await listAlertRows(db, filter);
  return rows.map(receivedAlertView);
}

/** The page's alerts, its history (oldest first) and its deliveries; the stored messages stay out (they hold ack links). */
export async function pageDetails(db: Queryable, pageId: number, env: Record<string, string | undefined>) {
  const { alerts, events, deliveries } = await pageRecords(db, pageId);
  return {
    alerts: alerts.map(receivedAlertView),
    events: events.map((row) => ({
      at: isoTimeOrNull(row.at_ms),
      kind: row.kind,
      actor: row.actor,
      details: row.details,
    })),
    deliveries: deliveries.map((row) => ({
      id: row.id,
      recipient: row.recipient,
      channel: row.channel,
      contact: contactView(row.contact, env),
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: isoTimeOrNull(row.created_ms),
      sentAt: isoTimeOrNull(row.sent_ms),
    })),
  };
}
