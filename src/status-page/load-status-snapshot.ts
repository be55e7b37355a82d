import { DAY_MS } from '../core/duration.ts';
import { type SloEngine, sloStatusView } from '../engine/index.ts';
import type { StatusPage } from '../specs/index.ts';
import { effectiveEndMs, type ServiceAlerts } from './component-status.ts';
import { buildFeedEntries, type FeedEntry, MAX_FEED_ENTRIES } from './feed-entries.ts';
import { buildPublicStatus, type PublicStatus } from './public-status.ts';
import type { MaintenanceFacts, StatusFacts } from './status-facts.ts';
import type { StatusPageContext } from './status-snapshots.ts';
import { loadFeedUpdates, loadMaintenances, loadOverrides, loadPublicIncidents } from './store.ts';
import { UPTIME_DAYS } from './uptime.ts';
import type { UptimeCache, UptimePlan } from './uptime-store.ts';

/** The data behind `/status`, `/status.json` and the feed, built at most every few seconds. */
export interface StatusSnapshot {
  status: PublicStatus;
  feed: FeedEntry[];
  builtAtMs: number;
}

/** Which burn alerts fire on each service's SLO instances. */
export function alertsByService(engine: SloEngine): Map<string, ServiceAlerts> {
  const out = new Map<string, ServiceAlerts>();
  for (const instance of engine.instances.values()) {
    const { service, alerts } = sloStatusView(instance);
    const seen = out.get(service) ?? { page: false, ticket: false };
    for (const alert of alerts) {
      if (alert.severity === 'page') seen.page = true;
      if (alert.severity === 'ticket') seen.ticket = true;
    }
    out.set(service, seen);
  }
  return out;
}

/** Each component's SLO instances (by their service) and its maintenance windows. */
export function uptimePlan(
  page: StatusPage | undefined,
  engine: SloEngine,
  maintenances: readonly MaintenanceFacts[],
): UptimePlan {
  const components = page?.components ?? [];
  const instances = [...engine.instances.values()].sort((a, b) => (a.slo.name < b.slo.name ? -1 : 1));
  return {
    components: components.map((c) => c.name),
    members: components.flatMap((component) =>
      instances
        .filter((instance) => component.services.includes(instance.slo.service))
        .map((instance) => ({
          component: component.name,
          slo: instance.slo.name,
          budget: 1 - instance.slo.objective / 100,
        })),
    ),
    windows: maintenances.flatMap((m) =>
      effectiveEndMs(m) > m.startMs
        ? m.components.map((component) => ({ component, startMs: m.startMs, endMs: effectiveEndMs(m) }))
        : [],
    ),
  };
}

/** Reads everything the public status needs (incidents, updates, overrides, maintenance, uptime) and builds it. */
export async function loadStatusSnapshot({
  ctx,
  uptime,
}: {
  ctx: StatusPageContext;
  uptime: UptimeCache;
}): Promise<StatusSnapshot> {
  const nowMs = ctx.clock.now();
  const page = ctx.model.statusPages[0];
  const [{ incidents, updates }, feedUpdates, maintenances, overrides] = await Promise.all([
    loadPublicIncidents(ctx.db, nowMs),
    loadFeedUpdates(ctx.db, MAX_FEED_ENTRIES),
    loadMaintenances(ctx.db, nowMs - UPTIME_DAYS * DAY_MS),
    loadOverrides(ctx.db),
  ]);
  const plan = uptimePlan(page, ctx.engine, maintenances);
  const facts: StatusFacts = {
    page,
    incidents,
    updates,
    feedUpdates,
    maintenances,
    overrides,
    alertsByService: alertsByService(ctx.engine),
    uptime: await uptime.tallies(ctx.db, plan, nowMs),
    nowMs,
  };
  return { status: buildPublicStatus(facts), feed: buildFeedEntries(facts), builtAtMs: nowMs };
}
