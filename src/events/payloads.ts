import type { SequencedSloChange } from '../context/index.ts';
import { isoTime } from '../core/time-format.ts';
import type { DeployChange, IncidentChange, PageChange } from './store.ts';

/** A page, incident or deploy event read from storage. */
export type StoredChange =
  | { kind: 'page'; change: PageChange }
  | { kind: 'incident'; change: IncidentChange }
  | { kind: 'deploy'; change: DeployChange };

/** Page, incident and deploy events merged in the order they happened. */
export function byTime(
  pages: PageChange[],
  incidents: IncidentChange[],
  deploys: DeployChange[] = [],
): StoredChange[] {
  return [
    ...pages.map((change) => ({ kind: 'page' as const, change })),
    ...incidents.map((change) => ({ kind: 'incident' as const, change })),
    ...deploys.map((change) => ({ kind: 'deploy' as const, change })),
  ].sort((a, b) => a.change.atMs - b.change.atMs);
}

/** The small JSON an event carries: what happened, and the page, incident or deploy as it is now. */
export function dataOf(stored: StoredChange): Record<string, unknown> {
  const { change } = stored;
  const common = { kind: change.kind, actor: change.actor, at: isoTime(change.atMs) };
  if (stored.kind === 'deploy') {
    const deploy = stored.change;
    return {
      deployId: deploy.deployId,
      ...common,
      service: deploy.service,
      version: deploy.version,
      environment: deploy.environment,
      outcome: deploy.outcome,
    };
  }
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
