import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import { NinesError } from '../../core/errors.ts';
import {
  abortRollout,
  analysesJudge,
  getRollout,
  listRollouts,
  type RolloutRow,
  rolloutStatuses,
  startRollout,
} from '../../rollouts/index.ts';
import { changeKinds } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { choiceParam, idParams, limitParam, queryParam } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseLimitParam } from '../params.ts';
import { idParam, readBody } from './body.ts';
import { deploySchema, deployView } from './deploys.ts';
import { rolloutSchema, rolloutView } from './rollout-schemas.ts';

const startSchema = z.object({
  plan: z.string().min(1).max(200).openapi({ description: 'A RolloutPlan in the config.' }),
  change: z
    .enum(changeKinds)
    .default('feature')
    .openapi({ description: 'What the deploy gate is asked about.' }),
});

const abortSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2_000)
    .openapi({ description: 'Why; on the timeline and in the audit log.' }),
});

/** POST /deploys/:id/rollout, GET /rollouts, GET /rollouts/:id, POST /rollouts/:id/abort. */
export function rolloutRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'post',
      path: '/deploys/{id}/rollout',
      summary: 'Drive a recorded deployment through a rollout plan',
      description:
        'The deploy gate is asked first: a `block` answers 409 with its reasons and creates nothing. The plan is snapshotted; the first step is set within a second. Audited.',
      scope: 'write',
      params: idParams('Deploy'),
      body: { schema: startSchema },
      responses: {
        201: json('Started.', z.object({ rollout: rolloutSchema, deploy: deploySchema })),
        400: failure('Unknown plan, a plan not for this service, or a bad field.'),
        404: failure('No such deploy.'),
        409: failure(
          'The gate blocks the change (reasons in `details`), the deploy ended, or it has a rollout.',
        ),
      },
    },
    async (c) => {
      const id = idParam(c.req.param('id'), 'deploy');
      const body = await readBody(c.req.raw, startSchema, 'a rollout ({"plan"[,"change"]})');
      const started = await startRollout({
        ctx,
        judge: analysesJudge,
        planName: body.plan,
        field: 'plan',
        change: body.change,
        deploy: { id },
        actor: actorOf(c.get('identity')),
      });
      return c.json({ rollout: rolloutView(started.rollout), deploy: deployView(started.deploy) }, 201);
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/rollouts',
      summary: 'Rollouts, newest first',
      scope: 'read',
      query: z.object({
        service: queryParam('Only this service.'),
        state: choiceParam('Only in this state.', rolloutStatuses),
        limit: limitParam(),
      }),
      responses: {
        200: json('Rollouts, newest first.', z.object({ rollouts: z.array(rolloutSchema) })),
        400: failure('Bad `state` or `limit`.'),
      },
    },
    async (c) => {
      const query = c.req.query();
      const status = query.state;
      if (status !== undefined && !(rolloutStatuses as readonly string[]).includes(status)) {
        throw new NinesError('invalid_input', `unknown state "${status}"`, [
          { path: 'state', message: `must be one of ${rolloutStatuses.join(', ')}` },
        ]);
      }
      const rows = await listRollouts(ctx.db, {
        ...(query.service ? { service: query.service } : {}),
        ...(status ? { status: status as RolloutRow['status'] } : {}),
        limit: parseLimitParam('limit', query.limit, { fallback: 100, max: 1_000 }),
      });
      return c.json({ rollouts: rows.map(rolloutView) });
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/rollouts/{id}',
      summary: 'One rollout: state, current step, each step with its analysis and outcome',
      scope: 'read',
      params: idParams('Rollout'),
      responses: { 200: json('The rollout.', rolloutSchema), 404: failure('No such rollout.') },
    },
    async (c) => {
      const id = idParam(c.req.param('id'), 'rollout');
      const row = await getRollout(ctx.db, id);
      if (!row) throw new NinesError('not_found', `no rollout ${id}`);
      return c.json(rolloutView(row));
    },
  );
  addRoute(
    routes,
    {
      method: 'post',
      path: '/rollouts/{id}/abort',
      summary: 'Abort a rollout: roll it back now',
      description:
        'Cancels the step’s analysis and runs the rollback action (after an action in flight ends); the rollout ends `aborted`, the deploy `rolled_back`, and no page is opened. Audited.',
      scope: 'write',
      params: idParams('Rollout'),
      body: { schema: abortSchema },
      responses: {
        200: json('The rollout, rolling back.', rolloutSchema),
        400: failure('No reason.'),
        404: failure('No such rollout.'),
        409: failure('It already ended, or is already rolling back.'),
      },
    },
    async (c) => {
      const id = idParam(c.req.param('id'), 'rollout');
      const body = await readBody(c.req.raw, abortSchema, 'a reason ({"reason"})');
      const row = await abortRollout({
        ctx,
        judge: analysesJudge,
        id,
        actor: actorOf(c.get('identity')),
        reason: body.reason,
      });
      return c.json(rolloutView(row));
    },
  );
  return routes;
}
