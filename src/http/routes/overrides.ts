import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import { DAY_MS } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { isoTimeOrNull } from '../../core/time-format.ts';
import { createOverride, deleteOverride, listOverrides, type OverrideRow } from '../../oncall/index.ts';
import type { Schedule } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { nameParams, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { instantSchema, readBody } from './body.ts';

/** Longer cover is a change to the rotation, which belongs in the config. */
export const MAX_OVERRIDE_MS = 90 * DAY_MS;

const overrideSchema = z.object({
  person: z.string().min(1).openapi({ description: 'A configured Person.' }),
  start: instantSchema,
  end: instantSchema.openapi({ description: `After start, at most ${MAX_OVERRIDE_MS / DAY_MS} days later.` }),
});

const overrideViewSchema = z
  .object({
    id: z.string(),
    schedule: z.string(),
    person: z.string(),
    start: time,
    end: time,
    createdAt: time,
    createdBy: z.string(),
    deletedAt: time.optional(),
  })
  .openapi('ScheduleOverride');

const scheduleParams = nameParams('Schedule');

const listRoute = {
  method: 'get',
  path: '/schedules/{name}/overrides',
  summary: 'Overrides of a schedule that have not ended',
  scope: 'read',
  params: scheduleParams,
  responses: {
    200: json('By start.', z.object({ schedule: z.string(), overrides: z.array(overrideViewSchema) })),
    404: failure('No such schedule.'),
  },
} as const;

const createRoute = {
  method: 'post',
  path: '/schedules/{name}/overrides',
  summary: 'Have a person cover a schedule for a time range',
  description: 'Overrides win over every layer; of two overlapping ones, the later-created wins. Audited.',
  scope: 'write',
  params: scheduleParams,
  body: { schema: overrideSchema },
  responses: {
    201: json('Created.', overrideViewSchema),
    400: failure('Unknown person, or a bad time range.'),
    404: failure('No such schedule.'),
  },
} as const;

const deleteRoute = {
  method: 'delete',
  path: '/schedules/{name}/overrides/{id}',
  summary: 'Delete an override',
  description: 'Audited.',
  scope: 'write',
  params: scheduleParams.extend({ id: z.string().openapi({ param: { description: 'Override id.' } }) }),
  responses: {
    200: json('The deleted override.', overrideViewSchema),
    404: failure('No such live override on this schedule.'),
  },
} as const;

function overrideView(row: OverrideRow) {
  return {
    id: row.id,
    schedule: row.schedule,
    person: row.person,
    start: isoTimeOrNull(row.start_ms),
    end: isoTimeOrNull(row.end_ms),
    createdAt: isoTimeOrNull(row.created_ms),
    createdBy: row.created_by,
    ...(row.deleted_ms === null ? {} : { deletedAt: isoTimeOrNull(row.deleted_ms) }),
  };
}

/** The configured schedule of that name, or a 404. */
export function findSchedule(schedules: readonly Schedule[], name: string): Schedule {
  const schedule = schedules.find((s) => s.name === name);
  if (!schedule) throw new NinesError('not_found', `no schedule named "${name}"`);
  return schedule;
}

function invalidOverride(path: string, message: string): NinesError {
  return new NinesError('invalid_input', `the override is not valid: ${path} ${message}`, [
    { path, message },
  ]);
}

/** GET/POST /schedules/:name/overrides and DELETE /schedules/:name/overrides/:id, each change audited. */
export function overrideRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, listRoute, async (c) => {
    const schedule = findSchedule(ctx.model.schedules, c.req.param('name'));
    const rows = await listOverrides(ctx.db, schedule.name, ctx.clock.now());
    return c.json({ schedule: schedule.name, overrides: rows.map(overrideView) });
  });
  addRoute(routes, createRoute, async (c) => {
    const { model } = ctx.engine;
    const schedule = findSchedule(model.schedules, c.req.param('name'));
    const body = await readBody(c.req.raw, overrideSchema, 'an override ({"person","start","end"})');
    if (!model.persons.some((p) => p.name === body.person))
      throw invalidOverride('person', 'is not a Person in the config');
    if (body.end <= body.start) throw invalidOverride('end', 'must be after start');
    if (body.end - body.start > MAX_OVERRIDE_MS)
      throw invalidOverride('end', 'must be at most 90 days after start');
    const actor = actorOf(c.get('identity'));
    const nowMs = ctx.clock.now();
    const row: OverrideRow = {
      id: newId(),
      schedule: schedule.name,
      person: body.person,
      start_ms: body.start,
      end_ms: body.end,
      created_ms: nowMs,
      created_by: actor,
      deleted_ms: null,
    };
    const view = overrideView(row);
    await createOverride({ db: ctx.db, override: row, auditDetails: view });
    return c.json(view, 201);
  });
  addRoute(routes, deleteRoute, async (c) => {
    const name = c.req.param('name');
    const id = c.req.param('id');
    const actor = actorOf(c.get('identity'));
    const nowMs = ctx.clock.now();
    const deleted = await deleteOverride({ db: ctx.db, schedule: name, id, actor, nowMs });
    return c.json(overrideView(deleted));
  });
  return routes;
}
