import { z } from '@hono/zod-openapi';
import {
  type AnalysisView,
  analysisRequestSchema,
  analysisSpecFrom,
  cancelAnalysis,
  getAnalysis,
  listAnalyses,
  pushSamples,
  startAnalysis,
} from '../../analyses/index.ts';
import { actorOf } from '../../auth/index.ts';
import { NinesError } from '../../core/errors.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { idParams, limitParam, queryParam } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { readJsonBody } from '../json-body.ts';
import { parseLimitParam } from '../params.ts';
import { idParam, readBody } from './body.ts';
import {
  analysisAnswer,
  analysisSchema,
  analysisVerdict,
  cancelSchema,
  MAX_SAMPLES,
  samplesSchema,
  verdictSchema,
} from './canary-analysis-schemas.ts';

/** A Kayenta canary config with 50 metrics and their templates fits easily. */
const ANALYSIS_BODY_LIMIT = 256 * 1024;
const SAMPLES_BODY_LIMIT = 2 * 1024 * 1024;

const analysisParams = idParams('Canary analysis');

async function found(deps: AppDeps, id: number): Promise<AnalysisView> {
  const view = await getAnalysis(deps.ctx.db, id);
  if (!view) throw new NinesError('not_found', `no canary analysis ${id}`);
  return view;
}

/** Canary analyses over time: start, read, push samples, cancel, and the verdict for Argo Rollouts. */
export function canaryAnalysisRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'post',
      path: '/canary/analyses',
      summary: 'Start a canary analysis that runs over time',
      description:
        'Metrics (PromQL templated with `{{variant}}` / `{{scope}}`, or pushed samples) or a Kayenta canary config; judged every interval against the baseline, failing early when an interval fails, finishing at the bake end. Audited; with `deployId`, its deploy history gets `analysis.*` events.',
      scope: 'write',
      body: { schema: analysisRequestSchema },
      responses: {
        201: json('Started.', analysisAnswer),
        400: failure(
          'A bad field, unknown service or deploy, or an unsupported Kayenta feature (named in `details`).',
        ),
      },
    },
    async (c) => {
      const body = await readJsonBody(c.req.raw, ANALYSIS_BODY_LIMIT);
      const spec = analysisSpecFrom(body, { model: ctx.model });
      const view = await startAnalysis({ ctx, spec, actor: actorOf(c.get('identity')) });
      return c.json({ data: view }, 201);
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/canary/analyses',
      summary: 'Canary analyses, newest first',
      scope: 'read',
      query: z.object({
        service: queryParam('Only this service.'),
        deploy: queryParam('Only analyses of this deploy id.'),
        limit: limitParam(),
      }),
      responses: {
        200: json('Newest first.', z.object({ data: z.array(analysisSchema) })),
        400: failure('Bad `deploy` or `limit`.'),
      },
    },
    async (c) => {
      const query = c.req.query();
      let deployId: number | undefined;
      if (query.deploy !== undefined) {
        if (!/^\d{1,15}$/.test(query.deploy)) {
          throw new NinesError('invalid_input', '`deploy` must be a deploy id', [
            { path: 'deploy', message: 'not an id' },
          ]);
        }
        deployId = Number(query.deploy);
      }
      const data = await listAnalyses(ctx.db, {
        ...(query.service ? { service: query.service } : {}),
        ...(deployId === undefined ? {} : { deployId }),
        limit: parseLimitParam('limit', query.limit, { fallback: 100, max: 1_000 }),
      });
      return c.json({ data });
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/canary/analyses/{id}',
      summary: 'One canary analysis with its judged intervals',
      scope: 'read',
      params: analysisParams,
      responses: { 200: json('The analysis.', analysisAnswer), 404: failure('No such analysis.') },
    },
    async (c) => c.json({ data: await found(deps, idParam(c.req.param('id'), 'canary analysis')) }),
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/canary/analyses/{id}/verdict',
      summary: "An analysis' verdict, for Argo Rollouts' web metric provider",
      description:
        'Always 200 for a known analysis: `ok` is true exactly when it passed, `done` once it ended. With `jsonPath: "{$.data}"`: `successCondition: result.done == true && result.ok == true`, `failureCondition: result.done == true && result.ok == false` (docs/deploy-safety.md).',
      scope: 'read',
      params: analysisParams,
      responses: {
        200: json('The verdict, whatever it is.', z.object({ data: verdictSchema })),
        404: failure('No such analysis.'),
      },
    },
    async (c) => {
      const view = await found(deps, idParam(c.req.param('id'), 'canary analysis'));
      return c.json({ data: analysisVerdict(view) });
    },
  );
  addRoute(
    routes,
    {
      method: 'post',
      path: '/canary/analyses/{id}/samples',
      summary: 'Push samples to a pushed canary analysis',
      description: `Stored before the answer; at most ${MAX_SAMPLES} a request, times within the analysis, metrics of the analysis (or its \`sloAware.metric\`).`,
      scope: 'write',
      params: analysisParams,
      body: { schema: samplesSchema },
      responses: {
        202: json('Stored.', z.object({ accepted: z.number().int() })),
        400: failure('A bad sample (named in `details`).'),
        404: failure('No such analysis.'),
        409: failure('It reads Prometheus, or it already ended.'),
      },
    },
    async (c) => {
      const id = idParam(c.req.param('id'), 'canary analysis');
      const body = await readBody(
        c.req.raw,
        samplesSchema,
        'samples ({"samples":[{"metric","variant":"control|experiment","at","value"}]})',
        SAMPLES_BODY_LIMIT,
      );
      const result = await pushSamples({
        ctx,
        id,
        samples: body.samples.map((s) => ({
          metric: s.metric,
          variant: s.variant,
          atMs: s.at,
          value: s.value,
        })),
      });
      return c.json(result, 202);
    },
  );
  addRoute(
    routes,
    {
      method: 'post',
      path: '/canary/analyses/{id}/cancel',
      summary: 'Cancel a running canary analysis',
      description: 'Its verdict becomes `cancelled` (Argo: failed; Flagger: held). Audited.',
      scope: 'write',
      params: analysisParams,
      body: { schema: cancelSchema },
      responses: {
        200: json('The analysis, cancelled.', analysisAnswer),
        400: failure('No reason.'),
        404: failure('No such analysis.'),
        409: failure('It already ended.'),
      },
    },
    async (c) => {
      const id = idParam(c.req.param('id'), 'canary analysis');
      const body = await readBody(c.req.raw, cancelSchema, 'a cancellation ({"reason"})');
      const view = await cancelAnalysis({ ctx, id, actor: actorOf(c.get('identity')), reason: body.reason });
      return c.json({ data: view });
    },
  );
  return routes;
}
