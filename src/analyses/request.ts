import { z } from 'zod';
import { parseDuration } from '../core/duration.ts';

/** The body of `POST /api/v1/canary/analyses`, before it is checked against the catalog (`analysisSpecFrom`). */

const duration = (description: string) =>
  z
    .string()
    .transform((text, ctx): number => {
      const ms = parseDuration(text);
      if (ms !== undefined) return ms;
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 10m or 1h' });
      return z.NEVER;
    })
    .describe(description);

const scopeValue = z.string().min(1).max(200);

const metricRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  query: z
    .string()
    .min(1)
    .max(10_000)
    .optional()
    .describe(
      'PromQL with `{{variant}}` (the variant\'s scope value) and/or `{{scope}}` (`label="value"`); none for a pushed analysis.',
    ),
  direction: z
    .enum(['increase', 'decrease', 'either'])
    .default('either')
    .describe('Which change is bad (default either).'),
  critical: z.boolean().default(false).describe('A critical metric that is not Pass fails the interval.'),
  weight: z.number().positive().max(1_000).default(1),
  group: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Metric group, weighed by `thresholds.groupWeights`.'),
  allowedIncrease: z.number().min(1).max(1_000).optional(),
  allowedDecrease: z.number().positive().max(1).optional(),
  criticalIncrease: z.number().min(1).max(1_000).optional(),
  criticalDecrease: z.number().positive().max(1).optional(),
  nanStrategy: z.enum(['remove', 'replace']).default('remove').describe('replace counts a NaN as 0.'),
});

export const analysisRequestSchema = z
  .strictObject({
    service: z.string().min(1).max(200).describe('A Service in the catalog.'),
    deployId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('A deploy of that service; its history gets the analysis.'),
    source: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'A Prometheus data source name, or `pushed` (samples come by POST …/samples). Default: the only Prometheus data source.',
      ),
    scope: z
      .strictObject({
        label: z
          .string()
          .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a label name')
          .nullable()
          .default(null),
        control: scopeValue.default('baseline'),
        experiment: scopeValue.default('canary'),
        params: z
          .record(z.string().regex(/^\w+$/), z.string().max(200))
          .default({})
          .describe("Values of a Kayenta template's other placeholders, by name (e.g. namespace)."),
      })
      .default({ label: null, control: 'baseline', experiment: 'canary', params: {} })
      .describe("What tells the variants apart: `label` (for `{{scope}}`) and each variant's value."),
    metrics: z
      .array(metricRequestSchema)
      .min(1, 'at least one metric')
      .max(50, 'at most 50 metrics')
      .optional(),
    canaryConfig: z
      .unknown()
      .optional()
      .describe('Instead of metrics: a Kayenta canary config (Prometheus metrics).'),
    interval: duration('Judged every interval (default: about five over the bake).').optional(),
    bakeTime: duration('Total length (default 30m for tier 1 services, 10m otherwise).').optional(),
    step: duration('Prometheus range-query step (default: about ten per interval, 1s–1m).').optional(),
    lookback: duration('Judge only this long before each interval end (default: from the start).').optional(),
    confidence: z
      .number()
      .gt(0.5)
      .lt(1)
      .optional()
      .describe('Default 0.95 (0.98 with a Kayenta config, as its judge).'),
    thresholds: z
      .strictObject({
        pass: z.number().min(0).max(100).optional(),
        marginal: z.number().min(0).max(100).optional(),
        groupWeights: z.record(z.string(), z.number().positive().max(100)).optional(),
      })
      .optional(),
    sloAware: z
      .strictObject({
        slo: z.string().min(1).max(200),
        maxBurnRate: z
          .number()
          .positive()
          .max(1e6)
          .optional()
          .describe("Default: the SLO's lowest page burn rate."),
        goodQuery: z.string().min(1).max(10_000).optional(),
        errorQuery: z.string().min(1).max(10_000).optional(),
        totalQuery: z.string().min(1).max(10_000).optional(),
        metric: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe("Pushed analyses: the metric carrying the canary's error ratio."),
      })
      .optional()
      .describe("Fail an interval whose canary burns the SLO's budget faster than maxBurnRate."),
  })
  .refine((body) => (body.metrics === undefined) !== (body.canaryConfig === undefined), {
    message: 'give exactly one of metrics or canaryConfig',
    path: ['metrics'],
  });

export type AnalysisRequest = z.output<typeof analysisRequestSchema>;
