import { DAY_MS } from '../core/duration.ts';
import { isoTime } from '../core/time-format.ts';
import type { StatusComponent } from '../specs/index.ts';
import {
  type ComponentStatus,
  componentStatusLabels,
  deriveComponentStatus,
  effectiveEndMs,
  worstStatus,
} from './component-status.ts';
import type { IncidentFacts, PublicIncidentStatus, StatusFacts } from './status-facts.ts';
import { totalUptimePercent, type UptimeDay, uptimeDays } from './uptime.ts';

/** Resolved incidents stay on the page this long, under "Past incidents". */
export const PAST_INCIDENT_MS = 7 * DAY_MS;

/** One component as the public sees it: no key, no service, SLO or label. */
export interface PublicComponent {
  displayName: string;
  description?: string;
  group?: string;
  status: ComponentStatus;
  statusLabel: string;
  uptime: { totalPercent: number | null; days: UptimeDay[] };
}

export interface PublicUpdate {
  status: PublicIncidentStatus;
  message: string;
  at: string;
}

export interface PublicIncident {
  id: number;
  title: string;
  status: PublicIncidentStatus;
  /** Display names of the components it affects. */
  components: string[];
  startedAt: string;
  resolvedAt: string | null;
  /** Newest first. */
  updates: PublicUpdate[];
}

export interface PublicMaintenance {
  id: number;
  title: string;
  description: string;
  components: string[];
  start: string;
  end: string;
  inProgress: boolean;
}

/** The content of `/status`, `/status.json` (this exact shape) and, with the feed, `/status/feed.atom`. */
export interface PublicStatus {
  title: string;
  description?: string;
  status: { indicator: ComponentStatus; description: string };
  components: PublicComponent[];
  incidents: { active: PublicIncident[]; past: PublicIncident[] };
  /** Scheduled and in progress, soonest first. */
  maintenances: PublicMaintenance[];
}

const overallDescriptions: Record<ComponentStatus, string> = {
  operational: 'All systems operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Maintenance in progress',
};

/** Truncated, so an imperfect day never shows as 100. */
const truncate4 = (value: number | null) => (value === null ? null : Math.floor(value * 1e4) / 1e4);

/** Display names of the components an incident's services touch, in page order. */
export function affectedComponents(
  components: readonly StatusComponent[],
  services: readonly string[],
): string[] {
  return components
    .filter((component) => component.services.some((service) => services.includes(service)))
    .map((component) => component.displayName);
}

/** The public title: `public_title`, or a generic one naming the components, never the internal title. */
export function publicIncidentTitle(incident: IncidentFacts, componentNames: readonly string[]): string {
  const given = incident.publicTitle?.trim();
  if (given) return given;
  const kind =
    incident.severity === 'SEV1' || incident.severity === 'SEV2'
      ? 'Service disruption'
      : 'Degraded performance';
  if (componentNames.length === 0) return kind;
  return `${kind} affecting ${new Intl.ListFormat('en', { type: 'conjunction' }).format(componentNames)}`;
}

function publicIncident(facts: StatusFacts, incident: IncidentFacts): PublicIncident {
  const components = affectedComponents(facts.page?.components ?? [], incident.services);
  return {
    id: incident.id,
    title: publicIncidentTitle(incident, components),
    status: incident.status,
    components,
    startedAt: isoTime(incident.startedMs),
    resolvedAt: incident.resolvedMs === null ? null : isoTime(incident.resolvedMs),
    updates: facts.updates
      .filter((update) => update.incidentId === incident.id)
      .sort((a, b) => b.atMs - a.atMs || b.id - a.id)
      .map((update) => ({ status: update.status, message: update.message, at: isoTime(update.atMs) })),
  };
}

function publicComponent(facts: StatusFacts, component: StatusComponent): PublicComponent {
  const override = facts.overrides.find((o) => o.component === component.name);
  const { status } = deriveComponentStatus({
    component,
    degradeOn: facts.page?.degradeOn ?? 'page',
    incidents: facts.incidents,
    alertsByService: facts.alertsByService,
    maintenances: facts.maintenances,
    override,
    nowMs: facts.nowMs,
  });
  const tallies = facts.uptime.get(component.name) ?? new Map();
  const days = uptimeDays(tallies, facts.nowMs).map((day) => ({
    ...day,
    uptimePercent: truncate4(day.uptimePercent),
  }));
  return {
    displayName: component.displayName,
    ...(component.description ? { description: component.description } : {}),
    ...(component.group ? { group: component.group } : {}),
    status,
    statusLabel: componentStatusLabels[status],
    uptime: { totalPercent: truncate4(totalUptimePercent(tallies.values())), days },
  };
}

/** Maintenance still to come or running, soonest first, naming components by display name. */
function publicMaintenances({ page, maintenances, nowMs }: StatusFacts): PublicMaintenance[] {
  const displayName = new Map((page?.components ?? []).map((c) => [c.name, c.displayName]));
  return maintenances
    .filter((m) => effectiveEndMs(m) > nowMs)
    .sort((a, b) => a.startMs - b.startMs || a.id - b.id)
    .map((m) => ({
      id: m.id,
      title: m.title,
      description: m.description,
      components: m.components.flatMap((name) => displayName.get(name) ?? []),
      start: isoTime(m.startMs),
      end: isoTime(effectiveEndMs(m)),
      inProgress: m.startMs <= nowMs,
    }));
}

/** Builds what the public may see from loaded facts; nothing outside these fields can leak. */
export function buildPublicStatus(facts: StatusFacts): PublicStatus {
  const { page, nowMs } = facts;
  const configured = page?.components ?? [];
  const components = configured.map((component) => publicComponent(facts, component));
  const indicator = worstStatus(components.map((c) => c.status));
  const byNewest = (a: IncidentFacts, b: IncidentFacts) => b.startedMs - a.startedMs || b.id - a.id;
  return {
    title: page?.title ?? 'Status',
    ...(page?.description ? { description: page.description } : {}),
    status: { indicator, description: overallDescriptions[indicator] },
    components,
    incidents: {
      active: facts.incidents
        .filter((i) => i.status !== 'resolved')
        .sort(byNewest)
        .map((i) => publicIncident(facts, i)),
      past: facts.incidents
        .filter(
          (i) => i.status === 'resolved' && i.resolvedMs !== null && i.resolvedMs >= nowMs - PAST_INCIDENT_MS,
        )
        .sort(byNewest)
        .map((i) => publicIncident(facts, i)),
    },
    maintenances: publicMaintenances(facts),
  };
}
