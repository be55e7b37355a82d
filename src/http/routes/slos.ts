import { z } from '@hono/zod-openapi';
import { formatDuration } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { type SloStatusView, sloHistory, sloHistoryAnnotations, sloStatusView } from '../../engine/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import {
  burnRatesSchema,
  choiceParam,
  nameParams,
  nullableTime,
  queryParam,
  stringMap,
  time,
} from '../api-schemas.ts';
import { byName } from '../by-name.ts';
import type { AppDeps } from '../deps.ts';
import { historyRange, parseChoiceParam } from '../params.ts';
import { alertSeverities } from './alerts.ts';

/** Every value of SloStatusView.status, for the `?status=` filter. */
export const sloStatuses = [
  'healthy',
  'caution',
  'warning',
  'critical',
  'exhausted',
  'no_data',
] as const satisfies readonly SloStatusView['status'][];

const nullableNumber = z.number().nullable();

/** The live status of one SLO instance. */
export const sloStatusSchema = z
  .object({
    name: z.string().openapi({ description: 'Instance name; groupBy instances are `spec:value1,value2`.' }),
    spec: z.string(),
    service: z.string(),
    objective: z.number().openapi({ description: 'Percent, e.g. 99.9.' }),
    window: z.string().openapi({ description: 'Rolling duration (`30d`) or calendar unit (`month`).' }),
    timeZone: z.string().optional(),
    budgeting: z.enum(['occurrences', 'timeslices']),
    indicator: z.enum(['prometheus', 'probe', 'events']),
    labels: stringMap,
    sli: z.object({ good: nullableNumber, total: nullableNumber, ratio: nullableNumber }),
    errorBudget: z.object({ remaining: nullableNumber, consumed: nullableNumber }),
    burnRates: burnRatesSchema,
    status: z.enum(sloStatuses),
    reason: z
      .string()
      .nullable()
      .openapi({ description: 'Why the SLO has no data, when its source failed.' }),
    alerts: z.array(z.object({ severity: z.enum(alertSeverities), state: z.literal('firing'), since: time })),
    budgetWindow: z.object({ start: time, end: time }).nullable(),
    evaluatedAt: nullableTime,
  })
  .openapi('SloStatus');

const historyPointSchema = z
  .object({
    time,
    sliRatio: nullableNumber,
    budgetRemaining: nullableNumber,
    burnRates: burnRatesSchema,
  })
  .openapi('HistoryPoint');

const historySchema = z
  .object({
    slo: z.string(),
    step: z.string(),
    objective: z.number().openapi({ description: 'Percent, e.g. 99.9.' }),
    points: z.array(historyPointSchema),
    alertWindows: z
      .array(
        z.object({
          severity: z.enum(['page', 'ticket']),
          longWindow: z.string(),
          shortWindow: z.string(),
          burnRate: z.number(),
        }),
      )
      .openapi({
        description:
          'The burn-rate conditions the SLO alerts on (enabled tiers only): burn above `burnRate` over both windows. A window is named by its `burnRates` key.',
      }),
    alerts: z
      .array(z.object({ severity: z.enum(alertSeverities), firedAt: time, resolvedAt: nullableTime }))
      .openapi({ description: 'Alert episodes firing at some point of the range, oldest first.' }),
    exclusions: z
      .array(z.object({ start: time, end: time, reason: z.string().optional() }))
      .openapi({ description: 'Excluded time (maintenance) overlapping the range; `reason` is its name.' }),
  })
  .openapi('SloHistory');

/** GET /slos, /slos/:name and /slos/:name/history. */
export function sloRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'get',
      path: '/slos',
      summary: 'Live status of every SLO instance',
      scope: 'read',
      query: z.object({
        service: queryParam('Only SLOs of this service.'),
        status: choiceParam('Only SLOs in this status.', sloStatuses),
      }),
      responses: {
        200: json('SLOs by name.', z.object({ slos: z.array(sloStatusSchema) })),
        400: failure('Bad `status`.'),
      },
    },
    (c) => {
      const service = c.req.query('service');
      const status = parseChoiceParam('status', c.req.query('status'), sloStatuses);
      const slos = [...deps.ctx.engine.instances.values()]
        .map(sloStatusView)
        .filter(
          (view) =>
            (service === undefined || view.service === service) && (!status || view.status === status),
        )
        .sort(byName);
      return c.json({ slos });
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/slos/{name}',
      summary: 'Live status of one SLO instance',
      scope: 'read',
      params: nameParams('SLO'),
      responses: { 200: json('The SLO.', sloStatusSchema), 404: failure('No such SLO.') },
    },
    (c) => {
      const name = c.req.param('name');
      const instance = deps.ctx.engine.instances.get(name);
      if (!instance) throw new NinesError('not_found', `no SLO named "${name}"`);
      return c.json(sloStatusView(instance));
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/slos/{name}/history',
      summary: 'SLI, budget and burn rates over time, replayed from stored data',
      scope: 'read',
      params: nameParams('SLO'),
      query: z.object({
        from: queryParam('Start, RFC 3339 or epoch ms. Default: `to` − 24 h.'),
        to: queryParam('End, RFC 3339 or epoch ms. Default: now.'),
        step: queryParam('Duration (`5m`) or seconds, rounded up to whole minutes. Default: ≤ 300 points.'),
      }),
      responses: {
        200: json(
          'One point per step from `from` to `to`, and what a chart draws around them.',
          historySchema,
        ),
        400: failure('Bad `from`, `to` or `step` (named in `details`).'),
        404: failure('No such SLO.'),
      },
    },
    async (c) => {
      const name = c.req.param('name');
      if (!deps.ctx.engine.instances.has(name)) throw new NinesError('not_found', `no SLO named "${name}"`);
      const range = historyRange(c.req.query(), deps.ctx.clock.now());
      const points = await sloHistory({ ctx: deps.ctx, input: { name, ...range } });
      const { objective, ...annotations } = await sloHistoryAnnotations({
        ctx: deps.ctx,
        input: { name, ...range },
      });
      return c.json({ slo: name, step: formatDuration(range.stepMs), objective, points, ...annotations });
    },
  );
  return routes;
}
