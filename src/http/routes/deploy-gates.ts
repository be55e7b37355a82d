import { z } from '@hono/zod-openapi';
import { type AnalysisView, analysisStatuses, getAnalysis } from '../../analyses/index.ts';
import { actorOf } from '../../auth/index.ts';
import { judgeCanary } from '../../canary/index.ts';
import { DAY_MS } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { isoTime, isoTimeOrNull } from '../../core/time-format.ts';
import {
  createOverride,
  type GateOverrideRow,
  gateVerdict,
  recentOverrides,
  revokeOverride,
} from '../../gates/index.ts';
import { type ChangeKind, changeKinds } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { choiceParam, nullableTime, queryParam, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseChoiceParam } from '../params.ts';
import { durationSchema, instantSchema, readBody } from './body.ts';
import { headerOrQueryToken } from './oncall.ts';

/** An override is for an emergency, not a new policy: at most a week. */
const MAX_OVERRIDE_MS = 7 * DAY_MS;

const decisionSchema = z.enum(['allow', 'warn', 'block']);

const verdictSchema = z
  .object({
    ok: z.boolean().openapi({ description: 'False exactly when `decision` is `block`.' }),
    decision: decisionSchema,
    state: z
      .enum(['healthy', 'caution', 'warning', 'critical', 'exhausted', 'no_data'])
      .nullable()
      .openapi({ description: "The worst budget state of the service's SLOs; null when it has none." }),
    reasons: z.array(
      z.object({
        source: z.string().openapi({
          description:
            '`slo:<name>`, `incident:<id>`, `freeze:<name>`, `readiness:<requirement>` or `override:<id>`.',
        }),
        decision: decisionSchema,
        message: z.string(),
      }),
    ),
    budgetRemaining: z
      .number()
      .nullable()
      .openapi({ description: 'The least budget left among its SLOs, as a fraction (1 = all).' }),
    burnRates: z
      .record(z.string(), z.number().nullable())
      .openapi({ description: 'Of the SLO with the least budget left.' }),
    overriddenBy: z.string().nullable(),
    service: z.string(),
    change: z.enum(changeKinds),
    at: time,
  })
  .openapi('GateVerdict');

const verdictAnswer = z.object({ data: verdictSchema }).openapi('GateVerdictAnswer');

const overrideBodySchema = z
  .object({
    reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(1_000),
    expiresAt: instantSchema.optional(),
    duration: durationSchema.optional().openapi({ description: 'Instead of expiresAt, e.g. `2h`.' }),
    changes: z
      .array(z.enum(changeKinds))
      .min(1)
      .optional()
      .openapi({ description: 'Change kinds it lets through; default all.' }),
  })
  .refine((body) => (body.expiresAt === undefined) !== (body.duration === undefined), {
    message: 'give exactly one of expiresAt or duration',
    path: ['expiresAt'],
  });

const overrideSchema = z
  .object({
    id: z.string(),
    service: z.string(),
    changes: z.array(z.enum(changeKinds)),
    reason: z.string(),
    createdAt: time,
    createdBy: z.string(),
    expiresAt: time,
    revokedAt: nullableTime,
    active: z.boolean(),
  })
  .openapi('GateOverride');

function overrideView(row: GateOverrideRow, nowMs: number) {
  return {
    id: row.id,
    service: row.service,
    changes: row.changes,
    reason: row.reason,
    createdAt: isoTime(row.created_ms),
    createdBy: row.created_by,
    expiresAt: isoTime(row.expires_ms),
    revokedAt: isoTimeOrNull(row.revoked_ms),
    active: row.revoked_ms === null && row.expires_ms > nowMs,
  };
}

const JUDGEMENT_BODY_LIMIT = 4 * 1024 * 1024;
const MAX_SAMPLE = 10_000;
/**
 * Values in one request, all metrics together. The rank-sum roots re-rank both samples per step: 10,000
 * values a side take ~350 ms of the event loop here, so a request is bounded to about that, whatever the
 * body limit would let through (more metrics: more requests).
 */
const MAX_JUDGEMENT_VALUES = 20_000;

const sampleSchema = z.array(z.number()).max(MAX_SAMPLE, `at most ${MAX_SAMPLE} values`);

const judgementBodySchema = z.object({
  metrics: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        control: sampleSchema.openapi({ description: 'Baseline values (current version).' }),
        experiment: sampleSchema.openapi({ description: 'Canary values (new version).' }),
        direction: z
          .enum(['increase', 'decrease', 'either'])
          .openapi({ description: 'Which change is bad.' }),
        critical: z.boolean().optional(),
        weight: z.number().positive().max(1_000).optional(),
        allowedIncrease: z
          .number()
          .min(1)
          .max(1_000)
          .optional()
          .openapi({ description: 'Mean ratio a High needs (default 1).' }),
        allowedDecrease: z
          .number()
          .positive()
          .max(1)
          .optional()
          .openapi({ description: 'Mean ratio a Low needs (default 1).' }),
        criticalIncrease: z.number().min(1).max(1_000).optional(),
        criticalDecrease: z.number().positive().max(1).optional(),
      }),
    )
    .min(1, 'at least one metric')
    .max(100, 'at most 100 metrics')
    .refine(
      (metrics) =>
        metrics.reduce((n, m) => n + m.control.length + m.experiment.length, 0) <= MAX_JUDGEMENT_VALUES,
      {
        message: `at most ${MAX_JUDGEMENT_VALUES} values in all (control and experiment, every metric); judge more in several requests`,
      },
    ),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  tolerance: z.number().min(0).max(10).optional(),
  thresholds: z
    .object({ pass: z.number().min(0).max(100), marginal: z.number().min(0).max(100) })
    .refine((t) => t.marginal <= t.pass, { message: 'marginal must not be above pass', path: ['marginal'] })
    .optional(),
});

/** One metric's judgement (also in canary analyses' intervals). */
export const metricJudgementSchema = z
  .object({
    name: z.string(),
    classification: z.enum(['Pass', 'High', 'Low', 'NoData']),
    reason: z.string().nullable(),
    critical: z.boolean(),
    failsRun: z.boolean(),
    weight: z.number(),
    direction: z.enum(['increase', 'decrease', 'either']),
    method: z.enum(['exact', 'normal']).nullable(),
    estimate: z.number().nullable(),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
    pValue: z.number().nullable(),
    meanRatio: z.number().nullable(),
    controlCount: z.number().int(),
    experimentCount: z.number().int(),
  })
  .openapi('MetricJudgement');

const judgementSchema = z
  .object({
    verdict: z.enum(['pass', 'marginal', 'fail']),
    score: z.number(),
    reason: z.string().nullable(),
    confidence: z.number(),
    thresholds: z.object({ pass: z.number(), marginal: z.number() }),
    metrics: z.array(metricJudgementSchema),
  })
  .openapi('CanaryJudgement');

const serviceParams = z.object({
  service: z.string().openapi({ param: { description: 'Service name.' } }),
});

/**
 * The deploy gate: GET /deploy-gates/:service/verdict (always 200 for a known service: the decision is in
 * the body, for Argo Rollouts' web metric provider), its overrides (admin, audited), and the canary judge.
 */
export function deployGateRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'get',
      path: '/deploy-gates/{service}/verdict',
      summary: 'May this service deploy now?',
      description:
        '`ok` is false exactly when `decision` is `block`. From the worst policy state of the service\'s SLOs, open SEV1/SEV2 incidents on it or what it depends on, freeze windows, its readiness requirements and overrides; every reason names its source. For Argo Rollouts: `jsonPath: "{$.data}"`, `successCondition: result.ok == true`.',
      scope: 'read',
      params: serviceParams,
      query: z.object({
        change: choiceParam('What the deploy changes (default `feature`).', changeKinds),
      }),
      responses: {
        200: json('The verdict, whatever it is.', verdictAnswer),
        400: failure('Bad `change`.'),
        404: failure('No such service.'),
      },
    },
    async (c) => {
      const change = parseChoiceParam('change', c.req.query('change'), changeKinds) ?? 'feature';
      const verdict = await gateVerdict({ ctx, serviceName: c.req.param('service'), change });
      return c.json({ data: verdict });
    },
  );
  addRoute(
    routes,
    {
      method: 'post',
      path: '/deploy-gates/{service}/verdict/overrides',
      summary: "Override a service's deploy gate for a while",
      description:
        'With a reason and an expiry (at most 7 days); shown in every verdict while in force. Audited.',
      scope: 'admin',
      params: serviceParams,
      body: { schema: overrideBodySchema },
      responses: {
        201: json('The override.', overrideSchema),
        400: failure('No reason, or a bad expiry.'),
        404: failure('No such service.'),
      },
    },
    async (c) => {
      const service = c.req.param('service');
      if (!ctx.model.services.some((s) => s.name === service)) {
        throw new NinesError('not_found', `no service "${service}" in the catalog`);
      }
      const body = await readBody(
        c.req.raw,
        overrideBodySchema,
        'an override ({"reason","duration"|"expiresAt"[,"changes"]})',
      );
      const nowMs = ctx.clock.now();
      const expiresMs = body.expiresAt ?? nowMs + (body.duration as number);
      const field = body.expiresAt === undefined ? 'duration' : 'expiresAt';
      if (expiresMs <= nowMs) {
        throw new NinesError('invalid_input', 'the override must end in the future', [
          { path: field, message: 'must be in the future' },
        ]);
      }
      if (expiresMs - nowMs > MAX_OVERRIDE_MS) {
        throw new NinesError(
          'invalid_input',
          'an override lasts at most 7 days; change the policy or the freeze instead',
          [{ path: field, message: 'at most 7 days from now' }],
        );
      }
      const row = await createOverride({
        db: ctx.db,
        service,
        changes: body.changes ?? [...changeKinds],
        reason: body.reason,
        actor: actorOf(c.get('identity')),
        nowMs,
        expiresMs,
      });
      return c.json(overrideView(row, nowMs), 201);
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/deploy-gates/{service}/verdict/overrides',
      summary: "A service's gate overrides: in force, and those of the last 30 days",
      scope: 'read',
      params: serviceParams,
      responses: {
        200: json('Newest first.', z.object({ overrides: z.array(overrideSchema) })),
        404: failure('No such service.'),
      },
    },
    async (c) => {
      const service = c.req.param('service');
      if (!ctx.model.services.some((s) => s.name === service)) {
        throw new NinesError('not_found', `no service "${service}" in the catalog`);
      }
      const nowMs = ctx.clock.now();
      const rows = await recentOverrides(ctx.db, service, nowMs - 30 * DAY_MS);
      return c.json({ overrides: rows.map((row) => overrideView(row, nowMs)) });
    },
  );
  addRoute(
    routes,
    {
      method: 'delete',
      path: '/deploy-gates/{service}/verdict/overrides/{id}',
      summary: 'End an override now',
      description: 'Audited.',
      scope: 'admin',
      params: serviceParams.extend({ id: z.string().openapi({ param: { description: 'Override id.' } }) }),
      responses: {
        200: json('The override, ended.', overrideSchema),
        404: failure('No such override in force.'),
      },
    },
    async (c) => {
      const nowMs = ctx.clock.now();
      const row = await revokeOverride({
        db: ctx.db,
        service: c.req.param('service'),
        id: c.req.param('id'),
        actor: actorOf(c.get('identity')),
        nowMs,
      });
      return c.json(overrideView(row, nowMs));
    },
  );
  addRoute(
    routes,
    {
      method: 'post',
      path: '/canary/judgements',
      summary: 'Judge a canary against its baseline from given samples',
      description:
        "Per metric, the rank-sum (Mann-Whitney U) test's Hodges-Lehmann estimate and interval of canary − baseline (as R's `wilcox.test`), classified Pass, High, Low or NoData from its direction and allowed change; a critical metric that is not Pass fails the run; otherwise the weighted share of passing metrics is the score (pass ≥ 95, marginal ≥ 75 by default). Changes nothing.",
      scope: 'read',
      body: { schema: judgementBodySchema },
      responses: {
        200: json('The judgement.', judgementSchema),
        400: failure('Bad metrics (named in `details`).'),
      },
    },
    async (c) => {
      const body = await readBody(
        c.req.raw,
        judgementBodySchema,
        'a judgement request ({"metrics":[{name,control,experiment,direction}]})',
        JUDGEMENT_BODY_LIMIT,
      );
      return c.json(
        judgeCanary(body.metrics, {
          confidence: body.confidence,
          ...(body.tolerance === undefined ? {} : { tolerance: body.tolerance }),
          ...(body.thresholds ?? {}),
        }),
      );
    },
  );
  return routes;
}

const flaggerHooks = [
  'confirm-rollout',
  'pre-rollout',
  'rollout',
  'confirm-traffic-increase',
  'confirm-promotion',
] as const;

const flaggerAnswer = verdictAnswer
  .extend({
    analysis: z
      .object({
        id: z.number().int(),
        status: z.enum(analysisStatuses),
        score: z.number().nullable(),
        reason: z.string().nullable(),
        holds: z.boolean().openapi({ description: 'True when the analysis alone holds the canary.' }),
      })
      .optional()
      .openapi({ description: 'With `metadata["nines.dev/analysis"]`: that canary analysis.' }),
  })
  .openapi('FlaggerAnswer');

/** Why an analysis holds a Flagger canary, or null when it lets it go on. */
function analysisHold(view: AnalysisView, promotion: boolean): string | null {
  if (view.status === 'pass') return null;
  if (view.status === 'running') {
    return promotion
      ? `canary analysis ${view.id} is still running (${view.intervals.length} of ${view.intervalCount} intervals judged)`
      : null;
  }
  return `canary analysis ${view.id} ended ${view.status}${view.reason ? `: ${view.reason}` : ''}`;
}

function metadataChoice<T extends string>(
  metadata: Record<string, string> | undefined,
  key: string,
  choices: readonly T[],
): T | undefined {
  const text = metadata?.[key];
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new NinesError('invalid_input', `metadata "${key}" must be one of ${choices.join(', ')}`, [
      { path: `metadata.${key}`, message: `must be one of ${choices.join(', ')}` },
    ]);
  }
  return text as T;
}

async function flaggerAnalysis(
  ctx: AppDeps['ctx'],
  metadata: Record<string, string> | undefined,
): Promise<AnalysisView | undefined> {
  const text = metadata?.['nines.dev/analysis'];
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) {
    throw new NinesError('invalid_input', 'metadata "nines.dev/analysis" must be a canary analysis id', [
      { path: 'metadata.nines.dev/analysis', message: 'must be a canary analysis id' },
    ]);
  }
  const view = await getAnalysis(ctx.db, Number(text));
  if (!view) throw new NinesError('not_found', `no canary analysis ${text}`);
  return view;
}

const flaggerSchema = z.object({
  name: z.string().min(1).max(253),
  namespace: z.string().min(1).max(253),
  phase: z.string().max(100).optional(),
  checksum: z.string().max(200).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

/**
 * POST /api/v1/integrations/flagger: Flagger's webhook (pre-rollout, rollout, confirm-promotion hooks)
 * answered 200 to let the canary proceed and 403 to hold it. Flagger cannot send headers, so the token may
 * come as `?token=` (read scope). Registered before the app's auth middleware.
 */
export function flaggerRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'post',
      path: '/api/v1/integrations/flagger',
      summary: "Flagger's webhook: 200 lets the canary proceed, 403 holds it",
      description:
        'The service is `metadata["nines.dev/service"]`, else the analysis\' service, else the canary\'s name; the change kind `metadata["nines.dev/change"]` (default `feature`). With `metadata["nines.dev/analysis"]` (a canary analysis id) it also holds (403) when that analysis failed, was cancelled or ended marginal, and, for a hook whose `metadata["nines.dev/hook"]` is `confirm-promotion`, while it still runs (Flagger retries). Use it for `pre-rollout`, `rollout` and `confirm-promotion` hooks. Flagger cannot send headers: the token may be `?token=` (read scope; URLs end up in logs).',
      scope: 'read',
      security: [{ bearer: [] }, { queryToken: [] }],
      middleware: [headerOrQueryToken(deps)],
      query: z.object({
        token: queryParam('An API token with `read`, instead of the Authorization header.'),
      }),
      body: { schema: flaggerSchema },
      responses: {
        200: json(
          'Proceed: the verdict is allow or warn (and the analysis, if any, lets it).',
          flaggerAnswer,
        ),
        400: failure(
          'Not a Flagger payload, or a bad `nines.dev/change`, `nines.dev/hook` or `nines.dev/analysis`.',
        ),
        403: json(
          'Hold: the verdict is block, or the analysis failed, was cancelled, or (confirm-promotion) still runs.',
          flaggerAnswer,
        ),
        404: failure('No such service or analysis.'),
      },
    },
    async (c) => {
      const body = await readBody(
        c.req.raw,
        flaggerSchema,
        "Flagger's webhook payload ({name, namespace, phase, metadata})",
      );
      const change = metadataChoice(body.metadata, 'nines.dev/change', changeKinds) ?? 'feature';
      const hook = metadataChoice(body.metadata, 'nines.dev/hook', flaggerHooks);
      const analysis = await flaggerAnalysis(ctx, body.metadata);
      const named = body.metadata?.['nines.dev/service'];
      if (analysis && named !== undefined && named !== analysis.service) {
        throw new NinesError(
          'invalid_input',
          `canary analysis ${analysis.id} is of service ${analysis.service}, not ${named}`,
          [{ path: 'metadata.nines.dev/analysis', message: `is an analysis of ${analysis.service}` }],
        );
      }
      const serviceName = named ?? analysis?.service ?? body.name;
      const verdict = await gateVerdict({ ctx, serviceName, change: change as ChangeKind });
      const hold = analysis ? analysisHold(analysis, hook === 'confirm-promotion') : null;
      const answer = {
        data: verdict,
        ...(analysis
          ? {
              analysis: {
                id: analysis.id,
                status: analysis.status,
                score: analysis.score,
                reason: hold ?? analysis.reason,
                holds: hold !== null,
              },
            }
          : {}),
      };
      return c.json(answer, verdict.ok && hold === null ? 200 : 403);
    },
  );
  return routes;
}
