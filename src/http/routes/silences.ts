import { z } from '@hono/zod-openapi';
import {
  createSilence,
  expireSilence,
  isActive,
  listSilences,
  type SilenceRow,
} from '../../alerting/index.ts';
import { actorOf } from '../../auth/index.ts';
import { NinesError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { isoTimeOrNull } from '../../core/time-format.ts';
import type { LabelMatcher, Silence } from '../../specs/index.ts';
import { formatMatcher, parseMatcher } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { limitParam, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseLimitParam } from '../params.ts';
import { durationSchema, instantSchema, readBody } from './body.ts';

const matcherSchema = z.string().transform((text, ctx): LabelMatcher => {
  const parsed = parseMatcher(text);
  if (typeof parsed !== 'string') return parsed;
  ctx.addIssue({ code: 'custom', message: parsed });
  return z.NEVER;
});

const createSchema = z
  .object({
    matchers: z.array(matcherSchema).min(1, 'at least one matcher: a silence of everything is never meant'),
    start: instantSchema.optional(),
    end: instantSchema.optional(),
    duration: durationSchema.optional(),
    comment: z.string().trim().min(1, 'say why (who is working on what)'),
  })
  .refine((body) => (body.end === undefined) !== (body.duration === undefined), {
    message: 'give exactly one of end and duration',
    path: ['end'],
  });

const silenceSchema = z
  .object({
    id: z.string().openapi({ description: 'The name of a config silence, or the id of an API one.' }),
    origin: z.enum(['config', 'api']),
    matchers: z
      .array(z.string())
      .openapi({ description: 'Prometheus matchers such as `service="payment"`.' }),
    start: time,
    end: time,
    comment: z.string().nullable(),
    createdBy: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('Silence');

const listRoute = {
  method: 'get',
  path: '/silences',
  summary: 'Silences from config and from the API, each with whether it is active now',
  scope: 'read',
  query: z.object({ limit: limitParam('At most this many API silences, newest first (default 100).') }),
  responses: {
    200: json('Silences.', z.object({ silences: z.array(silenceSchema) })),
    400: failure('Bad `limit`.'),
  },
} as const;

const createRoute = {
  method: 'post',
  path: '/silences',
  summary: 'Silence matching alerts for a time range',
  description:
    'Matching alerts are recorded with the silence as the reason, never paged. Give `end` or `duration`. Audited.',
  scope: 'write',
  body: { schema: createSchema },
  responses: {
    201: json('Created.', silenceSchema),
    400: failure('Bad matcher or time range; `details` names each.'),
  },
} as const;

const endRoute = {
  method: 'delete',
  path: '/silences/{id}',
  summary: 'End an API silence now',
  description: 'Audited.',
  scope: 'write',
  params: z.object({ id: z.string().openapi({ param: { description: 'Silence id.' } }) }),
  responses: {
    200: json('The silence, ended.', silenceSchema),
    404: failure('No such silence.'),
    409: failure('Defined in config (remove it there), or already ended.'),
  },
} as const;

function storedView(row: SilenceRow, nowMs: number) {
  return {
    id: row.id,
    origin: 'api' as const,
    matchers: row.matchers.map(formatMatcher),
    start: isoTimeOrNull(row.start_ms),
    end: isoTimeOrNull(row.end_ms),
    comment: row.comment,
    createdBy: row.created_by,
    active: row.start_ms <= nowMs && nowMs < row.end_ms,
  };
}

function configView(silence: Silence, nowMs: number) {
  return {
    id: silence.name,
    origin: 'config' as const,
    matchers: silence.matchers.map(formatMatcher),
    start: isoTimeOrNull(silence.startMs),
    end: isoTimeOrNull(silence.endMs),
    comment: silence.comment ?? null,
    createdBy: null,
    active: isActive(silence, nowMs),
  };
}

function invalidSilence(path: string, message: string): NinesError {
  return new NinesError('invalid_input', `the silence is not valid: ${path} ${message}`, [{ path, message }]);
}

/** GET /silences (config and API ones), POST /silences, DELETE /silences/:id (ends an API silence now). */
export function silenceRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, listRoute, async (c) => {
    const limit = parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 });
    const nowMs = ctx.clock.now();
    const rows = await listSilences(ctx.db, limit);
    const fromConfig = ctx.model.silences.map((silence) => configView(silence, nowMs));
    return c.json({ silences: [...fromConfig, ...rows.map((row) => storedView(row, nowMs))] });
  });
  addRoute(routes, createRoute, async (c) => {
    const body = await readBody(
      c.req.raw,
      createSchema,
      'a silence ({"matchers","end" or "duration","comment"})',
    );
    const nowMs = ctx.clock.now();
    const startMs = body.start ?? nowMs;
    const endMs = body.end ?? startMs + (body.duration as number);
    if (endMs <= startMs) throw invalidSilence('end', 'must be after start');
    if (endMs <= nowMs) throw invalidSilence('end', 'must be in the future');
    const row: SilenceRow = {
      id: newId(),
      matchers: body.matchers,
      start_ms: startMs,
      end_ms: endMs,
      comment: body.comment,
      created_by: actorOf(c.get('identity')),
      created_ms: nowMs,
    };
    const view = storedView(row, nowMs);
    await createSilence({ db: ctx.db, silence: row, auditDetails: view });
    return c.json(view, 201);
  });
  addRoute(routes, endRoute, async (c) => {
    const id = c.req.param('id');
    const actor = actorOf(c.get('identity'));
    const nowMs = ctx.clock.now();
    const ended = await expireSilence({
      db: ctx.db,
      id,
      actor,
      nowMs,
      configured: ctx.model.silences,
    });
    return c.json(storedView(ended, nowMs));
  });
  return routes;
}
