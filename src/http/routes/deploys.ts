import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import { DAY_MS } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { isoTime, isoTimeOrNull } from '../../core/time-format.ts';
import {
  type DeployEventRow,
  type DeployRow,
  deployEvents,
  deployOutcomes,
  deployStrategies,
  finishDeploy,
  getDeploy,
  listDeploys,
  recordDeploy,
} from '../../deploys/index.ts';
import { analysesJudge, rolloutOfDeploy, startRollout } from '../../rollouts/index.ts';
import { changeKinds } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { idParams, limitParam, nullableTime, queryParam, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseLimitParam, parseTimeParam } from '../params.ts';
import { idParam, instantSchema, readBody } from './body.ts';
import { rolloutSchema, rolloutView } from './rollout-schemas.ts';

const commitSchema = z.object({
  sha: z
    .string()
    .regex(/^[0-9a-fA-F]{4,64}$/, 'must be a commit hash (4 to 64 hex digits)')
    .transform((sha) => sha.toLowerCase()),
  time: instantSchema.openapi({ description: 'When the commit was made (lead time starts at the oldest).' }),
});

const startSchema = z.object({
  service: z.string().min(1).max(200).openapi({ description: 'A Service in the catalog.' }),
  version: z.string().trim().min(1).max(200),
  environment: z.string().trim().min(1).max(100).default('production'),
  strategy: z.enum(deployStrategies).default('rolling'),
  commits: z.array(commitSchema).max(1_000).default([]),
  actor: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "Who deploys; the token's person (or name) when absent." }),
  startedAt: instantSchema.optional().openapi({ description: 'Default: now.' }),
  rolloutPlan: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'A RolloutPlan Nines drives this deploy through (the gate is asked first).' }),
  change: z
    .enum(changeKinds)
    .default('feature')
    .openapi({ description: 'With `rolloutPlan`: what the deploy gate is asked about.' }),
});

const finishSchema = z.object({
  outcome: z.enum(deployOutcomes),
  finishedAt: instantSchema.optional().openapi({ description: 'Default: now.' }),
});

export const deploySchema = z
  .object({
    id: z.number().int(),
    service: z.string(),
    version: z.string(),
    environment: z.string(),
    strategy: z.enum(deployStrategies),
    actor: z.string(),
    startedAt: time,
    finishedAt: nullableTime,
    outcome: z.enum(deployOutcomes).nullable(),
    commits: z.array(z.object({ sha: z.string(), time })),
    leadTimeSeconds: z
      .number()
      .nullable()
      .openapi({ description: 'Oldest commit → finished, for a deploy that succeeded.' }),
  })
  .openapi('Deploy');

const deployEventSchema = z
  .object({
    id: z.number().int(),
    at: time,
    kind: z.string(),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('DeployEvent');

export function deployView(row: DeployRow) {
  return {
    id: row.id,
    service: row.service,
    version: row.version,
    environment: row.environment,
    strategy: row.strategy,
    actor: row.actor,
    startedAt: isoTime(row.started_ms),
    finishedAt: isoTimeOrNull(row.finished_ms),
    outcome: row.outcome,
    commits: row.commits.map((c) => ({ sha: c.sha, time: isoTime(c.timeMs) })),
    leadTimeSeconds:
      row.outcome === 'succeeded' && row.finished_ms !== null && row.first_commit_ms !== null
        ? Math.max(0, (row.finished_ms - row.first_commit_ms) / 1000)
        : null,
  };
}

function eventView(row: DeployEventRow) {
  return { id: row.id, at: isoTime(row.at_ms), kind: row.kind, actor: row.actor, details: row.details };
}

const deployParams = idParams('Deploy');

/** POST /deploys, POST /deploys/:id/finish, GET /deploys, GET /deploys/:id. */
export function deployRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'post',
      path: '/deploys',
      summary: 'Record a deployment as it starts',
      description:
        'Pipelines report each deploy; the gate, incident timelines, SLO history and the delivery report read them. With `rolloutPlan`, Nines drives it through the plan: the deploy gate is asked first, and a `block` answers 409 with its reasons and records nothing. Audited.',
      scope: 'write',
      body: { schema: startSchema },
      responses: {
        201: json(
          'Recorded; `id` names it for `finish`; `rollout` when a plan drives it.',
          deploySchema.extend({ rollout: rolloutSchema.optional() }),
        ),
        400: failure(
          'Unknown service or plan, a plan not for this service, or a bad field (named in `details`).',
        ),
        409: failure('The deploy gate blocks the change (`rolloutPlan` only; reasons in `details`).'),
      },
    },
    async (c) => {
      const body = await readBody(
        c.req.raw,
        startSchema,
        'a deploy ({"service","version"[,"environment","strategy","commits","actor","startedAt"]})',
      );
      if (!ctx.model.services.some((s) => s.name === body.service)) {
        throw new NinesError('invalid_input', `no service "${body.service}" in the catalog`, [
          { path: 'service', message: 'must name a Service in the config' },
        ]);
      }
      const nowMs = ctx.clock.now();
      const identity = actorOf(c.get('identity'));
      const deploy = {
        service: body.service,
        version: body.version,
        environment: body.environment,
        strategy: body.strategy,
        actor: body.actor ?? identity,
        startedMs: body.startedAt ?? nowMs,
        commits: body.commits.map((commit) => ({ sha: commit.sha, timeMs: commit.time })),
      };
      if (body.rolloutPlan !== undefined) {
        const started = await startRollout({
          ctx,
          judge: analysesJudge,
          planName: body.rolloutPlan,
          field: 'rolloutPlan',
          change: body.change,
          deploy: { record: deploy },
          actor: identity,
        });
        return c.json({ ...deployView(started.deploy), rollout: rolloutView(started.rollout) }, 201);
      }
      const row = await recordDeploy({ db: ctx.db, deploy, createdBy: identity, nowMs });
      return c.json(deployView(row), 201);
    },
  );
  addRoute(
    routes,
    {
      method: 'post',
      path: '/deploys/{id}/finish',
      summary: 'Record how a deployment ended',
      description: 'Once: a deploy that already ended answers 409 and keeps its outcome. Audited.',
      scope: 'write',
      params: deployParams,
      body: { schema: finishSchema },
      responses: {
        200: json('The deploy, ended.', deploySchema),
        400: failure('Bad outcome or time.'),
        404: failure('No such deploy.'),
        409: failure('It already ended.'),
      },
    },
    async (c) => {
      const id = idParam(c.req.param('id'), 'deploy');
      const body = await readBody(
        c.req.raw,
        finishSchema,
        'an outcome ({"outcome":"succeeded|failed|rolled_back"})',
      );
      const nowMs = ctx.clock.now();
      const row = await finishDeploy({
        db: ctx.db,
        id,
        outcome: body.outcome,
        actor: actorOf(c.get('identity')),
        finishedMs: body.finishedAt ?? nowMs,
        nowMs,
      });
      return c.json(deployView(row));
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/deploys',
      summary: 'Deployments running at some time in a range, newest first',
      scope: 'read',
      query: z.object({
        service: queryParam('Only this service.'),
        environment: queryParam('Only this environment.'),
        from: queryParam('Start, RFC 3339 or epoch ms. Default: `to` − 30 days.'),
        to: queryParam('End. Default: now.'),
        limit: limitParam('At most this many (default 100, max 1000).'),
      }),
      responses: {
        200: json('Deploys, newest first.', z.object({ deploys: z.array(deploySchema) })),
        400: failure('Bad `from`, `to` or `limit`.'),
      },
    },
    async (c) => {
      const query = c.req.query();
      const toMs = parseTimeParam('to', query.to) ?? ctx.clock.now();
      const fromMs = parseTimeParam('from', query.from) ?? toMs - 30 * DAY_MS;
      if (fromMs > toMs) {
        throw new NinesError('invalid_input', '`from` must not be after `to`', [
          { path: 'from', message: 'after to' },
        ]);
      }
      const rows = await listDeploys(ctx.db, {
        ...(query.service ? { services: [query.service] } : {}),
        ...(query.environment ? { environment: query.environment } : {}),
        fromMs,
        toMs,
        limit: parseLimitParam('limit', query.limit, { fallback: 100, max: 1_000 }),
      });
      return c.json({ deploys: rows.map(deployView) });
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/deploys/{id}',
      summary: 'One deployment and its history',
      scope: 'read',
      params: deployParams,
      responses: {
        200: json(
          'The deploy, its timeline, and the rollout that drives it (null when none).',
          deploySchema.extend({ events: z.array(deployEventSchema), rollout: rolloutSchema.nullable() }),
        ),
        404: failure('No such deploy.'),
      },
    },
    async (c) => {
      const id = idParam(c.req.param('id'), 'deploy');
      const row = await getDeploy(ctx.db, id);
      if (!row) throw new NinesError('not_found', `no deploy ${id}`);
      const rollout = await rolloutOfDeploy(ctx.db, id);
      return c.json({
        ...deployView(row),
        events: (await deployEvents(ctx.db, id)).map(eventView),
        rollout: rollout ? rolloutView(rollout) : null,
      });
    },
  );
  return routes;
}
