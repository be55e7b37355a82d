import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { grants } from '../../auth/index.ts';
import { DAY_MS } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { isoTimeOrNull } from '../../core/time-format.ts';
import { finalSchedule, liveOverrides, onCallAt, scheduleToICalendar } from '../../oncall/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json, text } from '../api-route.ts';
import { nameParams, nullableTime, queryParam, time } from '../api-schemas.ts';
import { authenticate } from '../auth.ts';
import { byName } from '../by-name.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { parseLimitParam, parseTimeParam } from '../params.ts';
import { findSchedule } from './overrides.ts';

/** The iCalendar export covers at most half a year ahead. */
export const MAX_ICAL_WEEKS = 26;

const onCallRoute = {
  method: 'get',
  path: '/oncall',
  summary: 'Who is on call for every schedule',
  scope: 'read',
  query: z.object({ at: queryParam('Instant, RFC 3339 or epoch ms. Default: now.') }),
  responses: {
    200: json(
      'One entry per schedule (person null when nobody is); `until` null when beyond a year.',
      z.object({
        at: time,
        oncall: z.array(
          z.object({
            schedule: z.string(),
            person: z.string().nullable(),
            layer: z.string().nullable().openapi({ description: 'Layer name, or `override`.' }),
            until: nullableTime,
          }),
        ),
      }),
    ),
    400: failure('Bad `at`.'),
  },
} as const;

/** GET /oncall: who is on call for every schedule at `at` (default now), stored overrides included. */
export function onCallRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, onCallRoute, async (c) => {
    const atMs = parseTimeParam('at', c.req.query('at')) ?? ctx.clock.now();
    const schedules = [...ctx.model.schedules].sort(byName);
    const oncall = [];
    for (const schedule of schedules) {
      const overrides = await liveOverrides(ctx.db, schedule.name, atMs);
      const who = onCallAt({ schedule, overrides, atMs });
      oncall.push({
        schedule: schedule.name,
        person: who?.person ?? null,
        layer: who?.layer ?? null,
        until: isoTimeOrNull(who?.until ?? null),
      });
    }
    return c.json({ at: isoTimeOrNull(atMs), oncall });
  });
  return routes;
}

/**
 * A bearer token, or (calendar apps cannot send headers) `?token=` holding a token with `read`. Only the
 * iCalendar route accepts it: a token in a URL ends up in logs, so use a read-only one.
 */
export function headerOrQueryToken(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const fromHeader = authenticate(deps.verifyToken);
  return async (c, next) => {
    const token = c.req.query('token');
    if (token === undefined || c.req.header('authorization') !== undefined) return fromHeader(c, next);
    const identity = await deps.verifyToken(token);
    if (!identity) throw new NinesError('unauthenticated', 'the token in ?token= is unknown or revoked');
    if (!grants(identity.scopes, 'read')) {
      throw new NinesError('forbidden', `token "${identity.name}" lacks the "read" scope`);
    }
    c.set('identity', identity);
    await next();
  };
}

/**
 * GET /api/v1/schedules/:name/ical?weeks=4: the final schedule (rotations and overrides) from now as
 * iCalendar. Registered before the app's auth middleware because it authenticates itself.
 */
export function icalRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  const route = {
    method: 'get',
    path: '/api/v1/schedules/{name}/ical',
    summary: 'The final schedule (rotations and overrides) as iCalendar',
    description:
      'Calendar apps cannot send headers, so this route alone also accepts the token as `?token=`; use a read-only token, as URLs end up in logs.',
    scope: 'read',
    security: [{ bearer: [] }, { queryToken: [] }],
    middleware: [headerOrQueryToken(deps)],
    params: nameParams('Schedule'),
    query: z.object({
      weeks: queryParam(`Weeks from now (default 4, at most ${MAX_ICAL_WEEKS}).`, {
        type: 'integer',
        minimum: 1,
        maximum: MAX_ICAL_WEEKS,
      }),
      token: queryParam('An API token with `read`, instead of the Authorization header.'),
    }),
    responses: {
      200: text('RFC 5545.', 'text/calendar'),
      400: failure('Bad `weeks`.'),
      404: failure('No such schedule.'),
    },
  } as const;
  addRoute(routes, route, async (c) => {
    const schedule = findSchedule(ctx.model.schedules, c.req.param('name'));
    const weeks = parseLimitParam('weeks', c.req.query('weeks'), { fallback: 4, max: MAX_ICAL_WEEKS });
    const nowMs = ctx.clock.now();
    const overrides = await liveOverrides(ctx.db, schedule.name, nowMs);
    const entries = finalSchedule({ schedule, overrides, fromMs: nowMs, toMs: nowMs + weeks * 7 * DAY_MS });
    const text = scheduleToICalendar({ schedule, entries, generatedAtMs: nowMs });
    return c.body(text, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });
  return routes;
}
