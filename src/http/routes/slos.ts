import { Hono } from 'hono';
import { formatDuration } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { type SloStatusView, sloHistory, sloStatusView } from '../../engine/index.ts';
import { byName } from '../by-name.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { historyRange, parseChoiceParam } from '../params.ts';

/** Every value of SloStatusView.status, for the `?status=` filter. */
export const sloStatuses = [
  'healthy',
  'caution',
  'warning',
  'critical',
  'exhausted',
  'no_data',
] as const satisfies readonly SloStatusView['status'][];

/** GET /slos, /slos/:name and /slos/:name/history. */
export function sloRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/slos', (c) => {
    const service = c.req.query('service');
    const status = parseChoiceParam('status', c.req.query('status'), sloStatuses);
    const slos = [...deps.ctx.engine.instances.values()]
      .map(sloStatusView)
      .filter(
        (view) => (service === undefined || view.service === service) && (!status || view.status === status),
      )
      .sort(byName);
    return c.json({ slos });
  });
  routes.get('/slos/:name', (c) => {
    const name = c.req.param('name');
    const instance = deps.ctx.engine.instances.get(name);
    if (!instance) throw new NinesError('not_found', `no SLO named "${name}"`);
    return c.json(sloStatusView(instance));
  });
  routes.get('/slos/:name/history', async (c) => {
    const name = c.req.param('name');
    if (!deps.ctx.engine.instances.has(name)) throw new NinesError('not_found', `no SLO named "${name}"`);
    const range = historyRange(c.req.query(), deps.ctx.clock.now());
    const points = await sloHistory({ ctx: deps.ctx, input: { name, ...range } });
    return c.json({ slo: name, step: formatDuration(range.stepMs), points });
  });
  return routes;
}
