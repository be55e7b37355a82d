import { NinesError } from '../core/errors.ts';
import { isoTime } from '../core/time-format.ts';
import type { StatusComponent } from '../specs/index.ts';
import { type ComponentStatus, deriveComponentStatus } from './component-status.ts';
import { alertsByService } from './load-status-snapshot.ts';
import type { MaintenanceFacts } from './status-facts.ts';
import type { StatusPageContext } from './status-snapshots.ts';
import {
  loadMaintenances,
  loadOverrides,
  loadPublicIncidents,
  type MaintenanceRow,
  maintenanceFacts,
} from './store.ts';

/** A component as operators see it (the admin API): with its services and any override. */
export interface ComponentView {
  name: string;
  displayName: string;
  group: string | null;
  services: string[];
  status: ComponentStatus;
  derived: ComponentStatus;
  override: {
    status: ComponentStatus;
    reason: string;
    setBy: string;
    setAt: string;
    until: string | null;
  } | null;
}

export type MaintenanceState = 'scheduled' | 'in_progress' | 'completed' | 'cancelled';

export interface MaintenanceView {
  id: number;
  title: string;
  description: string;
  components: string[];
  start: string;
  end: string;
  state: MaintenanceState;
  createdBy: string;
  createdAt: string;
  cancelledAt: string | null;
}

/** The configured component of that name, or `not_found`. */
export function findComponent(ctx: StatusPageContext, name: string): StatusComponent {
  const component = ctx.model.statusPages[0]?.components.find((c) => c.name === name);
  if (!component) throw new NinesError('not_found', `no status page component named "${name}"`);
  return component;
}

/** Every configured component with its live derived status and override. */
export async function listComponentStatuses({ ctx }: { ctx: StatusPageContext }): Promise<ComponentView[]> {
  const nowMs = ctx.clock.now();
  const [{ incidents }, overrides, maintenances] = await Promise.all([
    loadPublicIncidents(ctx.db, nowMs),
    loadOverrides(ctx.db),
    loadMaintenances(ctx.db, nowMs),
  ]);
  const alerts = alertsByService(ctx.engine);
  return (ctx.model.statusPages[0]?.components ?? []).map((component) => {
    const stored = overrides.find((o) => o.component === component.name);
    const state = deriveComponentStatus({
      component,
      degradeOn: ctx.model.statusPages[0]?.degradeOn ?? 'page',
      incidents,
      alertsByService: alerts,
      maintenances,
      override: stored,
      nowMs,
    });
    // deriveComponentStatus decides whether the stored override is still live.
    const live = state.overridden ? stored : undefined;
    return {
      name: component.name,
      displayName: component.displayName,
      group: component.group ?? null,
      services: [...component.services],
      status: state.status,
      derived: state.derived,
      override: live
        ? {
            status: live.status,
            reason: live.reason,
            setBy: live.setBy,
            setAt: isoTime(live.setMs),
            until: live.untilMs === null ? null : isoTime(live.untilMs),
          }
        : null,
    };
  });
}

/** Where a maintenance stands at `nowMs`. */
export function maintenanceState(m: MaintenanceFacts, nowMs: number): MaintenanceState {
  if (m.cancelledMs !== null) return 'cancelled';
  if (nowMs < m.startMs) return 'scheduled';
  return nowMs < m.endMs ? 'in_progress' : 'completed';
}

export function maintenanceView(m: MaintenanceFacts & { createdBy: string }, nowMs: number): MaintenanceView {
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    components: m.components,
    start: isoTime(m.startMs),
    end: isoTime(m.endMs),
    state: maintenanceState(m, nowMs),
    createdBy: m.createdBy,
    createdAt: isoTime(m.createdMs),
    cancelledAt: m.cancelledMs === null ? null : isoTime(m.cancelledMs),
  };
}

/** Maintenances, latest start first (at most `limit`). */
export async function listMaintenances({
  ctx,
  limit,
}: {
  ctx: StatusPageContext;
  limit: number;
}): Promise<MaintenanceView[]> {
  const rows = await ctx.db.query<MaintenanceRow>(
    'SELECT * FROM maintenances ORDER BY start_ms DESC, id DESC LIMIT $1',
    [limit],
  );
  const nowMs = ctx.clock.now();
  return rows.map((row) => maintenanceView(maintenanceFacts(row), nowMs));
}
