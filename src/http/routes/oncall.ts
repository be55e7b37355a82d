import { Hono, type MiddlewareHandler } from 'hono';
import { grants } from '../../auth/index.ts';
import { DAY_MS } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { finalSchedule, liveOverrides, onCallAt, scheduleToICalendar } from '../../oncall/index.ts';
import { authenticate } from '../auth.ts';
import { byName } from '../by-name.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { parseLimitParam, parseTimeParam } from '../params.ts';
import { isoTime } from './body.ts';
import { findSchedule } from './overrides.ts';

/** The iCalendar export covers at most half a year ahead. */
export const MAX_ICAL_WEEKS = 26;

/** GET /oncall: who is on call for every schedule at `at` (default now), stored overrides included. */
export function onCallRoutes(deps: AppDeps): Hono<AppEnv> {
  const { ctx } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/oncall', async (c) => {
    const atMs = parseTimeParam('at', c.req.query('at')) ?? ctx.clock.now();
    const schedules = [...ctx.engine.model.schedules].sort(byName);
    const oncall = [];
    for (const schedule of schedules) {
      const overrides = await liveOverrides(ctx.db, schedule.name, atMs);
      const who = onCallAt({ schedule, overrides, atMs });
      oncall.push({
        schedule: schedule.name,
        person: who?.person ?? null,
        layer: who?.layer ?? null,
        until: isoTime(who?.until ?? null),
      });
    }
    return c.json({ at: isoTime(atMs), oncall });
  });
  return routes;
}

/**
 * A bearer token, or (calendar apps cannot send headers) `?token=` holding a token with `read`. Only the
 * iCalendar route accepts it: a token in a URL ends up in logs, so use a read-only one.
 */
function headerOrQueryToken(deps: AppDeps): MiddlewareHandler<AppEnv> {
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
export function icalRoutes(deps: AppDeps): Hono<AppEnv> {
  const { ctx } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/api/v1/schedules/:name/ical', headerOrQueryToken(deps), async (c) => {
    const schedule = findSchedule(ctx.engine.model.schedules, c.req.param('name'));
    const weeks = parseLimitParam('weeks', c.req.query('weeks'), { fallback: 4, max: MAX_ICAL_WEEKS });
    const nowMs = ctx.clock.now();
    const overrides = await liveOverrides(ctx.db, schedule.name, nowMs);
    const entries = finalSchedule({ schedule, overrides, fromMs: nowMs, toMs: nowMs + weeks * 7 * DAY_MS });
    const text = scheduleToICalendar({ schedule, entries, generatedAtMs: nowMs });
    return c.body(text, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });
  return routes;
}
