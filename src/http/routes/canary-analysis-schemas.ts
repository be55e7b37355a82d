import { z } from '@hono/zod-openapi';
import { type AnalysisView, analysisStatuses } from '../../analyses/index.ts';
import { nullableTime, time } from '../api-schemas.ts';
import { instantSchema } from './body.ts';
import { metricJudgementSchema } from './deploy-gates.ts';

/** The canary analysis routes' response and request schemas. */

export const MAX_SAMPLES = 10_000;

const metricSpecSchema = z.object({
  name: z.string(),
  query: z.string().optional(),
  direction: z.enum(['increase', 'decrease', 'either']),
  critical: z.boolean(),
  weight: z.number(),
  group: z.string().optional(),
  allowedIncrease: z.number().optional(),
  allowedDecrease: z.number().optional(),
  criticalIncrease: z.number().optional(),
  criticalDecrease: z.number().optional(),
  nanStrategy: z.enum(['remove', 'replace']),
});

const specSchema = z
  .object({
    service: z.string(),
    deployId: z.number().int().nullable(),
    source: z.union([
      z.object({ kind: z.literal('prometheus'), dataSource: z.string() }),
      z.object({ kind: z.literal('pushed') }),
    ]),
    scope: z.object({ label: z.string().nullable(), control: z.string(), experiment: z.string() }),
    metrics: z.array(metricSpecSchema),
    intervalMs: z.number().int(),
    bakeMs: z.number().int(),
    stepMs: z.number().int(),
    lookbackMs: z.number().int().nullable(),
    confidence: z.number(),
    thresholds: z.object({
      pass: z.number(),
      marginal: z.number(),
      groupWeights: z.record(z.string(), z.number()).optional(),
    }),
    sloAware: z
      .object({
        slo: z.string(),
        maxBurnRate: z.number(),
        goodQuery: z.string().optional(),
        errorQuery: z.string().optional(),
        totalQuery: z.string().openapi({ description: 'Empty for a pushed analysis (it pushes `metric`).' }),
        metric: z.string().optional(),
      })
      .nullable(),
  })
  .openapi('CanaryAnalysisSpec');

const intervalSchema = z
  .object({
    index: z.number().int().openapi({ description: '1-based.' }),
    from: time.openapi({ description: 'Start of the samples judged.' }),
    to: time,
    at: time.openapi({ description: 'When it was judged.' }),
    verdict: z.enum(['pass', 'marginal', 'fail']),
    score: z.number(),
    reason: z.string().nullable(),
    metrics: z.array(metricJudgementSchema),
    slo: z
      .object({
        name: z.string(),
        burnRate: z.number().nullable(),
        maxBurnRate: z.number(),
        ok: z.boolean(),
        errorRatio: z.number().nullable().optional(),
      })
      .nullable()
      .openapi({
        description: "SLO-aware mode: the canary's burn rate of the SLO's budget over the window.",
      }),
    errors: z
      .array(z.string())
      .openapi({ description: 'Reads that kept failing: their metrics are NoData.' }),
  })
  .openapi('CanaryAnalysisInterval');

export const analysisSchema = z
  .object({
    id: z.number().int(),
    service: z.string(),
    deployId: z.number().int().nullable(),
    status: z.enum(analysisStatuses),
    reason: z.string().nullable().openapi({ description: 'Why it ended.' }),
    score: z.number().nullable().openapi({ description: "The last interval's score." }),
    startedAt: time,
    endsAt: time,
    finishedAt: nullableTime,
    createdBy: z.string(),
    spec: specSchema,
    intervals: z.array(intervalSchema),
    intervalCount: z.number().int(),
    nextIntervalAt: nullableTime,
    lastError: z.string().nullable(),
  })
  .openapi('CanaryAnalysis');

export const analysisAnswer = z.object({ data: analysisSchema });

export const verdictSchema = z
  .object({
    ok: z.boolean().openapi({ description: 'True exactly when the analysis passed.' }),
    done: z.boolean().openapi({ description: 'False while it runs.' }),
    status: z.enum(analysisStatuses),
    score: z.number().nullable(),
    reason: z.string().nullable(),
  })
  .openapi('CanaryAnalysisVerdict');

export const samplesSchema = z.object({
  samples: z
    .array(
      z.object({
        metric: z.string().min(1).max(200),
        variant: z.enum(['control', 'experiment']),
        at: instantSchema,
        value: z.number().openapi({ description: 'A finite number.' }),
      }),
    )
    .min(1, 'at least one sample')
    .max(MAX_SAMPLES, `at most ${MAX_SAMPLES} samples a request`),
});

export const cancelSchema = z.object({
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(1_000),
});

/** The Argo Rollouts web-provider answer: ok only once passed, done once ended. */
export function analysisVerdict(view: AnalysisView) {
  return {
    ok: view.status === 'pass',
    done: view.status !== 'running',
    status: view.status,
    score: view.score,
    reason:
      view.reason ??
      (view.status === 'running'
        ? `running: ${view.intervals.length} of ${view.intervalCount} intervals judged`
        : null),
  };
}
