import { utcMinuteText } from '../core/time-format.ts';
import { effectiveEndMs } from './component-status.ts';
import { affectedComponents, publicIncidentTitle } from './public-status.ts';
import type { PublicIncidentStatus, StatusFacts } from './status-facts.ts';

/** The feed holds at most this many entries, newest first. */
export const MAX_FEED_ENTRIES = 50;

/** One Atom entry, before rendering; `key` plus `createdMs` make its stable id. */
export interface FeedEntry {
  key: string;
  createdMs: number;
  updatedMs: number;
  title: string;
  content: string;
  /** Fragment of `/status` the entry links to. */
  anchor: string;
}

export const updateStatusLabels: Record<PublicIncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** One entry per public status update and per maintenance, newest first. */
export function buildFeedEntries(facts: StatusFacts): FeedEntry[] {
  const components = facts.page?.components ?? [];
  const displayName = new Map(components.map((c) => [c.name, c.displayName]));
  const updates = facts.feedUpdates.map(({ update, incident }): FeedEntry => {
    const title = publicIncidentTitle(incident, affectedComponents(components, incident.services));
    return {
      key: `incident/${incident.id}/update/${update.id}`,
      createdMs: update.atMs,
      updatedMs: update.atMs,
      title: `${title}: ${updateStatusLabels[update.status]}`,
      content: update.message,
      anchor: `incident-${incident.id}`,
    };
  });
  const maintenances = facts.maintenances.map((m): FeedEntry => {
    const names = m.components.flatMap((name) => displayName.get(name) ?? []);
    const window = `${utcMinuteText(m.startMs)} to ${utcMinuteText(m.endMs)}${names.length > 0 ? `, affecting ${names.join(', ')}` : ''}.`;
    const cancelled = m.cancelledMs !== null;
    const endedEarly = cancelled && effectiveEndMs(m) > m.startMs;
    return {
      key: `maintenance/${m.id}`,
      createdMs: m.createdMs,
      updatedMs: m.cancelledMs ?? m.createdMs,
      title: `${cancelled ? (endedEarly ? 'Maintenance ended early' : 'Maintenance cancelled') : 'Scheduled maintenance'}: ${m.title}`,
      content: [m.description, `Planned ${window}`].filter(Boolean).join('\n\n'),
      anchor: `maintenance-${m.id}`,
    };
  });
  return [...updates, ...maintenances]
    .sort((a, b) => b.updatedMs - a.updatedMs || (a.key < b.key ? 1 : -1))
    .slice(0, MAX_FEED_ENTRIES);
}
