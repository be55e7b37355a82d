import type { DegradeOn, IncidentSeverity } from '../specs/index.ts';

/** What the public sees for a component (Atlassian Statuspage's vocabulary). */
export const componentStatuses = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof componentStatuses)[number];

/** Words shown next to each status; colour is never the only signal. */
export const componentStatusLabels: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/** Maintenance outranks operational and degraded, never an outage. */
const rank: Record<ComponentStatus, number> = {
  operational: 0,
  degraded_performance: 1,
  under_maintenance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** The worse of statuses; operational for none. */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) if (rank[status] > rank[worst]) worst = status;
  return worst;
}

/** The incident fields that decide a component's status. */
export interface StatusIncident {
  severity: IncidentSeverity;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  services: readonly string[];
}

/** Impact of an open incident on the components it touches; SEV4 has none. */
export function incidentImpact(incident: StatusIncident): ComponentStatus {
  if (incident.status === 'resolved') return 'operational';
  const bySeverity: Record<IncidentSeverity, ComponentStatus> = {
    SEV1: 'major_outage',
    SEV2: 'partial_outage',
    SEV3: 'degraded_performance',
    SEV4: 'operational',
  };
  const impact = bySeverity[incident.severity];
  // A fix is in and being watched: users may still notice, but it is no longer an outage.
  return incident.status === 'monitoring' ? capped(impact) : impact;
}

function capped(status: ComponentStatus): ComponentStatus {
  return rank[status] > rank.degraded_performance ? 'degraded_performance' : status;
}

/** Burn alerts firing on one service's SLOs. */
export interface ServiceAlerts {
  page: boolean;
  ticket: boolean;
}

/** A maintenance window; `cancelledMs` ends it early (or before it began). */
export interface MaintenanceWindow {
  components: readonly string[];
  startMs: number;
  endMs: number;
  cancelledMs: number | null;
}

/** The end of a maintenance as it actually happens: a cancellation cuts it short. */
export function effectiveEndMs(window: MaintenanceWindow): number {
  return window.cancelledMs === null ? window.endMs : Math.min(window.endMs, window.cancelledMs);
}

export function maintenanceActive(window: MaintenanceWindow, nowMs: number): boolean {
  return window.startMs <= nowMs && nowMs < effectiveEndMs(window);
}

export interface ComponentOverride {
  status: ComponentStatus;
  untilMs: number | null;
}

/** A component's status: `status` is what is shown, `derived` what the data says without an override. */
export interface ComponentState {
  status: ComponentStatus;
  derived: ComponentStatus;
  overridden: boolean;
}

/**
 * Derives a component's status: the worst of its open public incidents and its services' burn alerts
 * (a page alert is a partial outage; a ticket alert is degraded performance only when `degradeOn` is
 * `ticket`: a slow burn users do not notice is not public degradation by default), maintenance on top of
 * anything short of an outage; a live manual override replaces all of it.
 */
export function deriveComponentStatus(input: {
  component: { name: string; services: readonly string[] };
  degradeOn: DegradeOn;
  /** Public incidents; resolved ones have no impact. */
  incidents: readonly StatusIncident[];
  alertsByService: ReadonlyMap<string, ServiceAlerts>;
  maintenances: readonly MaintenanceWindow[];
  override: ComponentOverride | undefined;
  nowMs: number;
}): ComponentState {
  const { component, nowMs } = input;
  const services = new Set(component.services);
  const found: ComponentStatus[] = [];
  for (const incident of input.incidents) {
    if (incident.services.some((service) => services.has(service))) found.push(incidentImpact(incident));
  }
  for (const service of services) {
    const alerts = input.alertsByService.get(service);
    if (alerts?.page) found.push('partial_outage');
    else if (alerts?.ticket && input.degradeOn === 'ticket') found.push('degraded_performance');
  }
  if (input.maintenances.some((m) => m.components.includes(component.name) && maintenanceActive(m, nowMs))) {
    found.push('under_maintenance');
  }
  const derived = worstStatus(found);
  const override = input.override;
  if (override && (override.untilMs === null || nowMs < override.untilMs)) {
    return { status: override.status, derived, overridden: true };
  }
  return { status: derived, derived, overridden: false };
}
