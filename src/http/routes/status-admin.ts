import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import {
  cancelMaintenance,
  clearComponentOverride,
  componentStatuses,
  listComponentStatuses,
  listMaintenances,
  MAX_MAINTENANCE_MS,
  scheduleMaintenance,
  setComponentOverride,
} from '../../status-page/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { idParams, limitParam, nullableTime, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
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

const status = z.enum(componentStatuses);

const componentSchema = z
  .object({
    name: z.string(),
    displayName: z.string(),
    group: z.string().nullable(),
    services: z.array(z.string()),
    status,
    derived: status.openapi({
      description: 'What incidents, burn alerts and maintenance say, ignoring the override.',
    }),
    override: z
      .object({ status, reason: z.string(), setBy: z.string(), setAt: time, until: nullableTime })
      .nullable(),
  })
  .openapi('StatusComponent');

const maintenanceViewSchema = z
  .object({
    id: z.int(),
    title: z.string(),
    description: z.string(),
    components: z.array(z.string()),
    start: time,
    end: time,
    state: z.enum(['scheduled', 'in_progress', 'completed', 'cancelled']),
    createdBy: z.string(),
    createdAt: time,
    cancelledAt: nullableTime,
  })
  .openapi('Maintenance');

const componentParams = z.object({
  name: z.string().openapi({ param: { description: 'Status page component name.' } }),
});

const listComponentsRoute = {
  method: 'get',
  path: '/status/components',
  summary: 'Status page components with derived status, override and services',
  scope: 'read',
  responses: { 200: json('Components.', z.object({ components: z.array(componentSchema) })) },
} as const;

const setOverrideRoute = {
  method: 'put',
  path: '/status/components/{name}/override',
  summary: 'Set a component’s status by hand',
  description: 'Replaces the derived status until `until` (RFC 3339) or until deleted. Audited.',
  scope: 'write',
  params: componentParams,
  body: { schema: overrideSchema },
  responses: {
    200: json('The component.', componentSchema),
    400: failure('Bad status or `until` not in the future.'),
    404: failure('No such component.'),
  },
} as const;

const clearOverrideRoute = {
  method: 'delete',
  path: '/status/components/{name}/override',
  summary: 'Clear a component’s manual status',
  description: 'Audited.',
  scope: 'write',
  params: componentParams,
  responses: {
    200: json('The component.', componentSchema),
    404: failure('No such component, or it has no override.'),
  },
} as const;

const listMaintenancesRoute = {
  method: 'get',
  path: '/maintenances',
  summary: 'Maintenance windows, latest start first',
  scope: 'read',
  query: z.object({ limit: limitParam() }),
  responses: {
    200: json('Maintenances.', z.object({ maintenances: z.array(maintenanceViewSchema) })),
    400: failure('Bad `limit`.'),
  },
} as const;

const scheduleRoute = {
  method: 'post',
  path: '/maintenances',
  summary: 'Schedule maintenance',
  description: `Shown on the status page; the components show under_maintenance while it runs and its minutes are left out of uptime. At most ${MAX_MAINTENANCE_MS / 86_400_000} days; start not in the past. Audited.`,
  scope: 'write',
  body: { schema: maintenanceSchema },
  responses: {
    201: json('Scheduled.', maintenanceViewSchema),
    400: failure('Unknown component, end not after start, too long or in the past (`details`).'),
  },
} as const;

const cancelRoute = {
  method: 'post',
  path: '/maintenances/{id}/cancel',
  summary: 'Cancel maintenance (one in progress ends now)',
  description: 'Audited.',
  scope: 'write',
  params: idParams('Maintenance'),
  responses: {
    200: json('The maintenance, cancelled.', maintenanceViewSchema),
    404: failure('No such maintenance.'),
    409: failure('Already cancelled or over.'),
  },
} as const;

/** The status page's admin API: component statuses and overrides, maintenance windows; changes need `write`. */
export function statusAdminRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, listComponentsRoute, async (c) =>
    c.json({ components: await listComponentStatuses({ ctx }) }),
  );
  addRoute(routes, setOverrideRoute, async (c) => {
    const body = await readBody(c.req.raw, overrideSchema, 'an override ({"status","reason"?,"until"?})');
    const view = await setComponentOverride({
      ctx,
      input: {
        component: c.req.param('name'),
        status: body.status,
        reason: body.reason ?? '',
        untilMs: body.until ?? null,
      },
      actor: actorOf(c.get('identity')),
    });
    return c.json(view);
  });
  addRoute(routes, clearOverrideRoute, async (c) =>
    c.json(
      await clearComponentOverride({
        ctx,
        component: c.req.param('name'),
        actor: actorOf(c.get('identity')),
      }),
    ),
  );
  addRoute(routes, listMaintenancesRoute, async (c) => {
    const limit = parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 });
    return c.json({ maintenances: await listMaintenances({ ctx, limit }) });
  });
  addRoute(routes, scheduleRoute, async (c) => {
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
      actor: actorOf(c.get('identity')),
    });
    return c.json(view, 201);
  });
  addRoute(routes, cancelRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'maintenance');
    return c.json(await cancelMaintenance({ ctx, id, actor: actorOf(c.get('identity')) }));
  });
  return routes;
}
