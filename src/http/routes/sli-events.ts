import { Hono } from 'hono';
import { ingestSliEvents } from '../../engine/index.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { readJsonBody } from '../json-body.ts';

/** POST /sli-events: a batch is stored durably (all or nothing) before it is acknowledged. */
export function sliEventRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/sli-events', requireScope('write'), async (c) => {
    const input = await readJsonBody(c.req.raw);
    const result = await ingestSliEvents({ ctx: deps.ctx, input });
    if (result.duplicate) return c.json({ accepted: result.accepted, duplicate: true }, 202);
    deps.metrics.eventsIngested.inc(result.accepted);
    return c.json({ accepted: result.accepted }, 202);
  });
  return routes;
}
