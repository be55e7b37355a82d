import { Hono } from 'hono';
import { z } from 'zod';
import {
  cancelMaintenance,
  clearComponentOverride,
  componentStatuses,
  listComponentStatuses,
  listMaintenances,
  scheduleMaintenance,
  setComponentOverride,
} from '../../status-page/index.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { parseLimitParam } from '../params.ts';
import { idParam, instantSchema, readBody } from './body.ts';

const overrideSchema = z.object({
  status: z.enum(componentStatuses),
  reason: z.string().max(1000).optional(),
  until: instantSchema.nullable().optional(),
});

const maintenanceSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  components: z.array(z.string().min(1)).min(1).max(100),
  start: instantSchema,
  end: instantSchema,
});

/** The status page's admin API: component statuses and overrides, maintenance windows; changes need `write`. */
export function statusAdminRoutes(deps: AppDeps): Hono<AppEnv> {
  const { ctx } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/status/components', async (c) => c.json({ components: await listComponentStatuses({ ctx }) }));
  routes.put('/status/components/:name/override', requireScope('write'), async (c) => {
    const body = await readBody(c.req.raw, overrideSchema, 'an override ({"status","reason"?,"until"?})');
    const view = await setComponentOverride({
      ctx,
      input: {
        component: c.req.param('name'),
        status: body.status,
        reason: body.reason ?? '',
        untilMs: body.until ?? null,
      },
      actor: c.get('identity').name,
    });
    return c.json(view);
  });
  routes.delete('/status/components/:name/override', requireScope('write'), async (c) =>
    c.json(
      await clearComponentOverride({ ctx, component: c.req.param('name'), actor: c.get('identity').name }),
    ),
  );
  routes.get('/maintenances', async (c) => {
    const limit = parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 });
    return c.json({ maintenances: await listMaintenances({ ctx, limit }) });
  });
  routes.post('/maintenances', requireScope('write'), async (c) => {
    const body = await readBody(
      c.req.raw,
      maintenanceSchema,
      'a maintenance ({"title","components","start","end"})',
    );
    const view = await scheduleMaintenance({
      ctx,
      input: {
        title: body.title,
        description: body.description ?? '',
        components: body.components,
        startMs: body.start,
        endMs: body.end,
      },
      actor: c.get('identity').name,
    });
    return c.json(view, 201);
  });
  routes.post('/maintenances/:id/cancel', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'maintenance');
    return c.json(await cancelMaintenance({ ctx, id, actor: c.get('identity').name }));
  });
  return routes;
}
