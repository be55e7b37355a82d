import type { SequencedSloChange } from '../context/index.ts';
import { isoTime } from '../core/time-format.ts';
import type { IncidentChange, PageChange } from './store.ts';

/** A page or incident event read from storage. */
export type StoredChange =
  | { kind: 'page'; change: PageChange }
  | { kind: 'incident'; change: IncidentChange };

/** Page and incident events merged in the order they happened. */
export function byTime(pages: PageChange[], incidents: IncidentChange[]): StoredChange[] {
  return [
    ...pages.map((change) => ({ kind: 'page' as const, change })),
    ...incidents.map((change) => ({ kind: 'incident' as const, change })),
  ].sort((a, b) => a.change.atMs - b.change.atMs);
}

/** The small JSON an event carries: what happened, and the page or incident as it is now. */
export function dataOf(stored: StoredChange): Record<string, unknown> {
  const { change } = stored;
  const common = { kind: change.kind, actor: change.actor, at: isoTime(change.atMs) };
  if (stored.kind === 'page') {
    const page = stored.change;
    return {
      pageId: page.pageId,
      ...common,
      status: page.status,
      severity: page.severity,
      service: page.service,
      summary: page.summary,
    };
  }
  const incident = stored.change;
  return {
    incidentId: incident.incidentId,
    ...common,
    status: incident.status,
    severity: incident.severity,
    title: incident.title,
  };
}

export function sloData({ change }: SequencedSloChange): Record<string, unknown> {
  return {
    slo: change.slo,
    service: change.service,
    status: change.status,
    previous: change.previous,
    budgetRemaining: change.budgetRemaining,
    at: isoTime(change.atMs),
  };
}
