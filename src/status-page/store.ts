import {
  latestPublicUpdates,
  type PublicIncidentRow,
  type PublicUpdateRow,
  publicIncidents,
  publicUpdatesOf,
} from '../incidents/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { ComponentStatus } from './component-status.ts';
import { PAST_INCIDENT_MS } from './public-status.ts';
import type { IncidentFacts, MaintenanceFacts, OverrideFacts, UpdateFacts } from './status-facts.ts';

const incidentFacts = (row: PublicIncidentRow): IncidentFacts => ({
  id: Number(row.id),
  severity: row.severity,
  status: row.status,
  services: row.services,
  publicTitle: row.public_title,
  startedMs: Number(row.started_ms),
  resolvedMs: row.resolved_ms === null ? null : Number(row.resolved_ms),
});

const updateFacts = (row: PublicUpdateRow): UpdateFacts => ({
  id: Number(row.id),
  incidentId: Number(row.incident_id),
  atMs: Number(row.at_ms),
  status: row.status,
  message: row.message,
});

/** Public incidents that are open or were resolved in the last 7 days, with their public updates. */
export async function loadPublicIncidents(
  db: Queryable,
  nowMs: number,
): Promise<{ incidents: IncidentFacts[]; updates: UpdateFacts[] }> {
  const rows = await publicIncidents(db, nowMs - PAST_INCIDENT_MS);
  const incidents = rows.map(incidentFacts);
  if (incidents.length === 0) return { incidents, updates: [] };
  const updates = await publicUpdatesOf(
    db,
    incidents.map((incident) => incident.id),
  );
  return { incidents, updates: updates.map(updateFacts) };
}

/** The newest public updates of public incidents, whatever their age, with their incident. */
export async function loadFeedUpdates(
  db: Queryable,
  limit: number,
): Promise<Array<{ update: UpdateFacts; incident: IncidentFacts }>> {
  const rows = await latestPublicUpdates(db, limit);
  return rows.map((row) => ({ update: updateFacts(row), incident: incidentFacts(row.i) }));
}

/** A row of `maintenances`. */
export interface MaintenanceRow {
  id: number;
  title: string;
  description: string;
  components: string[];
  start_ms: number;
  end_ms: number;
  created_ms: number;
  created_by: string;
  cancelled_ms: number | null;
}

export const maintenanceFacts = (row: MaintenanceRow): MaintenanceFacts & { createdBy: string } => ({
  id: Number(row.id),
  title: row.title,
  description: row.description,
  components: row.components,
  startMs: Number(row.start_ms),
  endMs: Number(row.end_ms),
  createdMs: Number(row.created_ms),
  createdBy: row.created_by,
  cancelledMs: row.cancelled_ms === null ? null : Number(row.cancelled_ms),
});

/** Maintenances ending after `sinceMs` (cancelled ones too), oldest start first. */
export async function loadMaintenances(
  db: Queryable,
  sinceMs: number,
): Promise<Array<MaintenanceFacts & { createdBy: string }>> {
  const rows = await db.query<MaintenanceRow>(
    'SELECT * FROM maintenances WHERE end_ms > $1 ORDER BY start_ms, id',
    [sinceMs],
  );
  return rows.map(maintenanceFacts);
}

/** Manual component statuses, including expired ones (the caller compares `until` with now). */
export async function loadOverrides(
  db: Queryable,
): Promise<Array<OverrideFacts & { reason: string; setBy: string; setMs: number }>> {
  const rows = await db.query<{
    component: string;
    status: ComponentStatus;
    reason: string;
    set_by: string;
    set_ms: number;
    until_ms: number | null;
  }>('SELECT * FROM component_overrides ORDER BY component');
  return rows.map((row) => ({
    component: row.component,
    status: row.status,
    reason: row.reason,
    setBy: row.set_by,
    setMs: Number(row.set_ms),
    untilMs: row.until_ms === null ? null : Number(row.until_ms),
  }));
}
