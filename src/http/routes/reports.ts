import { z } from '@hono/zod-openapi';
import { DAY_MS } from '../../core/duration.ts';
import { loadDelivery, loadOncallHealth, loadReliability } from '../../reports/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { queryParam } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { invalidParam, parseTimeParam } from '../params.ts';
import { deliverySchema, oncallHealthSchema, reliabilitySchema } from './report-schemas.ts';

/** Without `from`, a report covers the week before `to`. */
export const DEFAULT_REPORT_RANGE_MS = 7 * DAY_MS;
/** A report covers at most a quarter, which keeps the shifts and pages it reads bounded. */
export const MAX_REPORT_RANGE_MS = 92 * DAY_MS;
/** Without `from`, the reliability report covers the 30 days before `to`. */
export const DEFAULT_RELIABILITY_RANGE_MS = 30 * DAY_MS;
/** The reliability report covers at most 400 days: a year of months, with room for partial ones. */
export const MAX_RELIABILITY_RANGE_MS = 400 * DAY_MS;

/**
 * The range of a report query: `to` defaults to now, `from` to `defaultMs` before `to` (a week); at most
 * `maxMs` (92 days).
 */
export function reportRange(
  query: { from?: string; to?: string },
  nowMs: number,
  limits: { defaultMs: number; maxMs: number } = {
    defaultMs: DEFAULT_REPORT_RANGE_MS,
    maxMs: MAX_REPORT_RANGE_MS,
  },
): { fromMs: number; toMs: number } {
  const toMs = parseTimeParam('to', query.to) ?? nowMs;
  const fromMs = parseTimeParam('from', query.from) ?? toMs - limits.defaultMs;
  if (fromMs >= toMs) throw invalidParam('from', 'must be before "to"');
  if (toMs - fromMs > limits.maxMs) {
    throw invalidParam('from', `must be at most ${limits.maxMs / DAY_MS} days before "to"`);
  }
  return { fromMs, toMs };
}

const oncallRoute = {
  method: 'get',
  path: '/reports/oncall',
  summary: 'On-call health: pages per person and shift, MTTA, escalation rate, noisiest alerts',
  scope: 'read',
  query: z.object({
    from: queryParam('Start, RFC 3339 or epoch ms. Default: `to` − 7 days; at most 92 days before `to`.'),
    to: queryParam('End (exclusive), RFC 3339 or epoch ms. Default: now.'),
  }),
  responses: {
    200: json('The report.', oncallHealthSchema),
    400: failure('Bad `from` or `to`, or a range over 92 days (named in `details`).'),
  },
} as const;

const reliabilityRoute = {
  method: 'get',
  path: '/reports/reliability',
  summary: 'Reliability: availability per service and month, MTTD/MTTA/MTTR/MTBF, budget used, follow-up',
  description: 'The figures of a reliability review (seed 001 §6) over [from, to).',
  scope: 'read',
  query: z.object({
    from: queryParam('Start, RFC 3339 or epoch ms. Default: `to` − 30 days; at most 400 days before `to`.'),
    to: queryParam('End (exclusive), RFC 3339 or epoch ms. Default: now.'),
    service: queryParam("Only this service's availability, incidents (those affecting it) and SLOs."),
  }),
  responses: {
    200: json('The report.', reliabilitySchema),
    400: failure('Bad `from` or `to`, `from` not before `to`, or a range over 400 days (`invalid_input`).'),
    404: failure('No such service (`not_found`).'),
  },
} as const;

const deliveryRoute = {
  method: 'get',
  path: '/reports/delivery',
  summary:
    'Delivery (DORA): deployment frequency, lead time, change failure rate, time to restore, with bands',
  description:
    "Over deploys to `environment` started in [from, to). Bands from seed 003 §11 (docs/deploy-safety.md). A change failure is a deploy rolled back or named as an incident's cause (`causeDeploy`).",
  scope: 'read',
  query: z.object({
    from: queryParam('Start, RFC 3339 or epoch ms. Default: `to` − 30 days; at most 400 days before `to`.'),
    to: queryParam('End (exclusive), RFC 3339 or epoch ms. Default: now.'),
    service: queryParam('Only this service.'),
    team: queryParam("Only this team's services."),
    environment: queryParam('Deploys to this environment (default `production`).'),
  }),
  responses: {
    200: json('The report.', deliverySchema),
    400: failure('Bad `from` or `to` (`invalid_input`).'),
    404: failure('No such service or team (`not_found`).'),
  },
} as const;

/**
 * GET /reports/oncall: on-call health over a range; GET /reports/reliability: availability, incident
 * figures and follow-up. Read scope, enforced by the `/api/v1` middleware.
 */
export function reportRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  addRoute(routes, oncallRoute, async (c) => {
    const { fromMs, toMs } = reportRange(
      { from: c.req.query('from'), to: c.req.query('to') },
      deps.ctx.clock.now(),
    );
    return c.json(await loadOncallHealth({ ctx: deps.ctx, fromMs, toMs }));
  });
  addRoute(routes, reliabilityRoute, async (c) => {
    const { fromMs, toMs } = reportRange(
      { from: c.req.query('from'), to: c.req.query('to') },
      deps.ctx.clock.now(),
      {
        defaultMs: DEFAULT_RELIABILITY_RANGE_MS,
        maxMs: MAX_RELIABILITY_RANGE_MS,
      },
    );
    const service = c.req.query('service') || undefined;
    return c.json(await loadReliability({ ctx: deps.ctx, fromMs, toMs, service }));
  });
  addRoute(routes, deliveryRoute, async (c) => {
    const { fromMs, toMs } = reportRange(
      { from: c.req.query('from'), to: c.req.query('to') },
      deps.ctx.clock.now(),
      {
        defaultMs: DEFAULT_RELIABILITY_RANGE_MS,
        maxMs: MAX_RELIABILITY_RANGE_MS,
      },
    );
    return c.json(
      await loadDelivery({
        ctx: deps.ctx,
        fromMs,
        toMs,
        ...(c.req.query('service') ? { service: c.req.query('service') } : {}),
        ...(c.req.query('team') ? { team: c.req.query('team') } : {}),
        ...(c.req.query('environment') ? { environment: c.req.query('environment') } : {}),
      }),
    );
  });
  return routes;
}
