import type { IncidentSeverity, StatusPage } from '../specs/index.ts';
import type { ComponentStatus, ServiceAlerts } from './component-status.ts';
import type { DayTally } from './uptime.ts';

/** Public incident lifecycle words, also the status of each public update. */
export type PublicIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

/**
 * An incident as the status page reads it: only columns that may be published or that decide what is
 * published. The internal title, summary, roles, people and tags are never even loaded.
 */
export interface IncidentFacts {
  id: number;
  severity: IncidentSeverity;
  status: PublicIncidentStatus;
  services: string[];
  publicTitle: string | null;
  startedMs: number;
  resolvedMs: number | null;
}

/** A public status update (never its author). */
export interface UpdateFacts {
  id: number;
  incidentId: number;
  atMs: number;
  status: PublicIncidentStatus;
  message: string;
}

export interface MaintenanceFacts {
  id: number;
  title: string;
  description: string;
  components: string[];
  startMs: number;
  endMs: number;
  createdMs: number;
  cancelledMs: number | null;
}

export interface OverrideFacts {
  component: string;
  status: ComponentStatus;
  untilMs: number | null;
}

/** Everything a status snapshot is built from, already loaded; building from it is pure. */
export interface StatusFacts {
  page: StatusPage | undefined;
  /** Public incidents still open or resolved within the last 7 days. */
  incidents: IncidentFacts[];
  /** Public updates of `incidents`. */
  updates: UpdateFacts[];
  /** The newest public updates of any public incident, for the feed, with their incident. */
  feedUpdates: Array<{ update: UpdateFacts; incident: IncidentFacts }>;
  /** Maintenances ending within the uptime chart or later (cancelled ones included). */
  maintenances: MaintenanceFacts[];
  overrides: OverrideFacts[];
  alertsByService: ReadonlyMap<string, ServiceAlerts>;
  /** Per component name, tallies by UTC day index. */
  uptime: ReadonlyMap<string, ReadonlyMap<number, DayTally>>;
  nowMs: number;
}
