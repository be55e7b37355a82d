import { z } from '@hono/zod-openapi';
import { DAY_MS } from '../../core/duration.ts';
import { isoTime, isoTimeOrNull } from '../../core/time-format.ts';
import {
  finalSchedule,
  layerShifts,
  listOverrides,
  liveOverrides,
  OVERRIDE_SOURCE,
  onCallAt,
  type ScheduleOverride,
} from '../../oncall/index.ts';
import type { Model, Restriction, Schedule, ScheduleLayer } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { nameParams, nullableTime, queryParam, time } from '../api-schemas.ts';
import { byName } from '../by-name.ts';
import type { AppDeps } from '../deps.ts';
import { invalidParam, parseTimeParam } from '../params.ts';
import { findSchedule } from './overrides.ts';

/** A timeline covers two weeks unless asked otherwise, and at most a quarter. */
export const DEFAULT_TIMELINE_DAYS = 14;
export const MAX_TIMELINE_DAYS = 90;

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const layerSummarySchema = z.object({
  name: z.string(),
  participants: z.array(z.string()).openapi({ description: 'Person names, in turn order.' }),
  handoff: z.object({
    every: z.int(),
    unit: z.enum(['hours', 'days', 'weeks']),
    start: z.string().openapi({ description: 'First handoff, local wall time `YYYY-MM-DDTHH:MM`.' }),
    timeZone: z.string(),
  }),
  restrictions: z.array(z.object({ days: z.array(weekday), start: z.string(), end: z.string() })).openapi({
    description: 'Local `HH:MM` windows the layer covers; none: always. `end` ≤ `start` crosses midnight.',
  }),
});

const scheduleSummarySchema = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    timeZone: z.string().openapi({ description: 'The first layer’s time zone.' }),
    team: z
      .string()
      .nullable()
      .openapi({ description: 'The first team (by name) whose escalation policy pages this schedule.' }),
    layers: z.array(layerSummarySchema),
    oncallNow: z
      .object({ person: z.string(), layer: z.string(), until: nullableTime })
      .nullable()
      .openapi({ description: 'Overrides included; `until` null when beyond a year.' }),
  })
  .openapi('ScheduleSummary');

const shiftSchema = z.object({ person: z.string(), start: time, end: time });

const timelineSchema = z
  .object({
    schedule: z.string(),
    from: time,
    to: time,
    layers: z
      .array(z.object({ name: z.string(), shifts: z.array(shiftSchema) }))
      .openapi({ description: 'Each layer alone; restrictions show as gaps.' }),
    overrides: z.array(shiftSchema.extend({ id: z.string(), createdBy: z.string() })),
    final: z
      .array(
        shiftSchema.extend({
          source: z.enum(['layer', 'override']),
          layer: z.string().optional().openapi({ description: 'The layer, when `source` is `layer`.' }),
        }),
      )
      .openapi({
        description: 'Who is actually on call: higher layers win, overrides win over every layer.',
      }),
  })
  .openapi('ScheduleTimeline');

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const restrictionView = (r: Restriction) => ({
  days: r.days,
  start: hhmm(r.startMinute),
  end: hhmm(r.endMinute),
});

function layerSummary(layer: ScheduleLayer) {
  return {
    name: layer.name,
    participants: layer.participants,
    handoff: { ...layer.turn, start: layer.start, timeZone: layer.timeZone },
    restrictions: layer.restrictions.map(restrictionView),
  };
}

/** The first team, by name, whose escalation policy has a level targeting `schedule`. */
function teamOf(model: Pick<Model, 'teams' | 'escalationPolicies'>, schedule: string): string | null {
  const paging = new Set(
    model.escalationPolicies
      .filter((p) =>
        p.levels.some((l) => l.targets.some((t) => t.kind === 'schedule' && t.name === schedule)),
      )
      .map((p) => p.name),
  );
  const teams = model.teams.filter((team) => team.escalationPolicy && paging.has(team.escalationPolicy));
  return teams.map((team) => team.name).sort()[0] ?? null;
}

/** The time range of a timeline: default now → +14 d, at most 90 d. */
function timelineRange(query: { from?: string; to?: string }, nowMs: number) {
  const fromMs = parseTimeParam('from', query.from) ?? nowMs;
  const toMs = parseTimeParam('to', query.to) ?? fromMs + DEFAULT_TIMELINE_DAYS * DAY_MS;
  if (fromMs >= toMs) throw invalidParam('from', 'must be before "to"');
  if (toMs - fromMs > MAX_TIMELINE_DAYS * DAY_MS) {
    throw invalidParam('to', `must be at most ${MAX_TIMELINE_DAYS} days after "from"`);
  }
  return { fromMs, toMs };
}

const shiftView = (s: { person: string; startMs: number; endMs: number }) => ({
  person: s.person,
  start: isoTime(s.startMs),
  end: isoTime(s.endMs),
});

/** GET /schedules (each with who is on call now) and /schedules/:name/timeline (layers, overrides, final). */
export function scheduleRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  const listRoute = {
    method: 'get',
    path: '/schedules',
    summary: 'Every schedule: its layers and who is on call now',
    scope: 'read',
    responses: { 200: json('By name.', z.object({ schedules: z.array(scheduleSummarySchema) })) },
  } as const;
  addRoute(routes, listRoute, async (c) => {
    const nowMs = ctx.clock.now();
    const { model } = ctx;
    const schedules = [];
    for (const schedule of [...model.schedules].sort(byName)) {
      const overrides = await liveOverrides(ctx.db, schedule.name, nowMs);
      const who = onCallAt({ schedule, overrides, atMs: nowMs });
      schedules.push({
        name: schedule.name,
        description: schedule.description ?? null,
        timeZone: schedule.layers[0]?.timeZone ?? 'UTC',
        team: teamOf(model, schedule.name),
        layers: schedule.layers.map(layerSummary),
        oncallNow: who && { person: who.person, layer: who.layer, until: isoTimeOrNull(who.until) },
      });
    }
    return c.json({ schedules });
  });
  const timelineRoute = {
    method: 'get',
    path: '/schedules/{name}/timeline',
    summary: 'A schedule’s layers, overrides and final schedule over a time range',
    scope: 'read',
    params: nameParams('Schedule'),
    query: z.object({
      from: queryParam('Start, RFC 3339 or epoch ms. Default: now.'),
      to: queryParam(
        `End, RFC 3339 or epoch ms. Default: \`from\` + ${DEFAULT_TIMELINE_DAYS} d; at most ${MAX_TIMELINE_DAYS} d after it.`,
      ),
    }),
    responses: {
      200: json('The schedule over [from, to).', timelineSchema),
      400: failure('Bad `from` or `to`, or a range over 90 days.'),
      404: failure('No such schedule.'),
    },
  } as const;
  addRoute(routes, timelineRoute, async (c) => {
    const schedule = findSchedule(ctx.model.schedules, c.req.param('name'));
    const { fromMs, toMs } = timelineRange(c.req.query(), ctx.clock.now());
    const rows = (await listOverrides(ctx.db, schedule.name, fromMs)).filter((row) => row.start_ms < toMs);
    const overrides: ScheduleOverride[] = rows.map((row) => ({
      id: row.id,
      person: row.person,
      startMs: row.start_ms,
      endMs: row.end_ms,
      createdMs: row.created_ms,
    }));
    return c.json({
      schedule: schedule.name,
      from: isoTime(fromMs),
      to: isoTime(toMs),
      layers: schedule.layers.map((layer) => ({
        name: layer.name,
        shifts: layerShifts(layer, fromMs, toMs).map(shiftView),
      })),
      overrides: rows.map((row) => ({
        id: row.id,
        ...shiftView({ person: row.person, startMs: row.start_ms, endMs: row.end_ms }),
        createdBy: row.created_by,
      })),
      final: finalEntries(schedule, overrides, { fromMs, toMs }),
    });
  });
  return routes;
}

function finalEntries(
  schedule: Schedule,
  overrides: ScheduleOverride[],
  range: { fromMs: number; toMs: number },
) {
  return finalSchedule({ schedule, overrides, ...range }).map((entry) =>
    entry.layer === OVERRIDE_SOURCE
      ? { ...shiftView(entry), source: 'override' as const }
      : { ...shiftView(entry), source: 'layer' as const, layer: entry.layer },
  );
}
