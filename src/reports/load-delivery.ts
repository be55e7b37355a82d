import type { AppContext } from '../context/index.ts';
import { DAY_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { isoTime } from '../core/time-format.ts';
import { type DeliveryDeploy, type DeliveryFigures, deliveryFigures } from './delivery.ts';

export interface DeliveryReport extends DeliveryFigures {
  from: string;
  to: string;
  environment: string;
  /** The services counted (all, one, or a team's). */
  services: string[];
}

/**
 * The delivery (DORA) report over deploys to `environment` started in [fromMs, toMs), for a service, a
 * team's services, or every service. A read model: it reads `deploys` and `incidents`.
 */
export async function loadDelivery(options: {
  ctx: Pick<AppContext, 'db' | 'model'>;
  fromMs: number;
  toMs: number;
  service?: string;
  team?: string;
  environment?: string;
}): Promise<DeliveryReport> {
  const { ctx, fromMs, toMs } = options;
  const environment = options.environment ?? 'production';
  let services = ctx.model.services.map((s) => s.name);
  if (options.service !== undefined) {
    if (!services.includes(options.service))
      throw new NinesError('not_found', `no service "${options.service}"`);
    services = [options.service];
  }
  if (options.team !== undefined) {
    if (!ctx.model.teams.some((t) => t.name === options.team))
      throw new NinesError('not_found', `no team "${options.team}"`);
    services = ctx.model.services
      .filter((s) => s.owner === options.team && services.includes(s.name))
      .map((s) => s.name);
  }
  const deploys: DeliveryDeploy[] = [];
  if (services.length > 0) {
    const marks = services.map((_, i) => `$${i + 4}`).join(', ');
    const rows = await ctx.db.query<{
      id: number;
      started_ms: number;
      finished_ms: number | null;
      outcome: DeliveryDeploy['outcome'];
      first_commit_ms: number | null;
    }>(
      `SELECT id, started_ms, finished_ms, outcome, first_commit_ms FROM deploys
       WHERE environment = $1 AND started_ms >= $2 AND started_ms < $3 AND service IN (${marks})
       ORDER BY started_ms, id`,
      [environment, fromMs, toMs, ...services],
    );
    const causes = new Map<number, DeliveryDeploy['causedIncidents']>();
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id);
      const idMarks = ids.map((_, i) => `$${i + 1}`).join(', ');
      const incidents = await ctx.db.query<{
        id: number;
        cause_deploy_id: number;
        started_ms: number;
        resolved_ms: number | null;
      }>(
        `SELECT id, cause_deploy_id, started_ms, resolved_ms FROM incidents WHERE cause_deploy_id IN (${idMarks})`,
        ids,
      );
      for (const incident of incidents) {
        const list = causes.get(incident.cause_deploy_id) ?? [];
        list.push({ id: incident.id, startedMs: incident.started_ms, resolvedMs: incident.resolved_ms });
        causes.set(incident.cause_deploy_id, list);
      }
    }
    for (const row of rows) {
      deploys.push({
        id: row.id,
        startedMs: row.started_ms,
        outcome: row.outcome,
        leadTimeSeconds:
          row.outcome === 'succeeded' && row.finished_ms !== null && row.first_commit_ms !== null
            ? Math.max(0, (row.finished_ms - row.first_commit_ms) / 1000)
            : null,
        causedIncidents: causes.get(row.id) ?? [],
      });
    }
  }
  return {
    from: isoTime(fromMs),
    to: isoTime(toMs),
    environment,
    services,
    ...deliveryFigures(deploys, (toMs - fromMs) / DAY_MS),
  };
}
