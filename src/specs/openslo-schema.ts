import { z } from 'zod';
import { exactlyOneOf, httpUrlSchema, nameSchema, timeZoneSchema } from './schema-common.ts';
import { objectivePercentSchema } from './schema-slo.ts';

/** OpenSLO label values may be a string or a list of strings. */
const labelsSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({});

/** OpenSLO objects are read loosely: fields Nines does not use are ignored, not rejected. */
export const openSloMetadataSchema = z.object({
  name: nameSchema,
  displayName: z.string().optional(),
  labels: labelsSchema,
  annotations: z.record(z.string(), z.string()).default({}),
});

const metricSourceSchema = z
  .object({
    metricSourceRef: nameSchema.optional(),
    type: z.string().optional(),
    spec: z.record(z.string(), z.unknown()),
  })
  .superRefine((source, ctx) => {
    if (source.type !== undefined && source.type.toLowerCase() !== 'prometheus') {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `metric source type "${source.type}" is not supported: only Prometheus`,
      });
    }
    const query = source.spec.query ?? source.spec.promql;
    if (typeof query !== 'string' || query.trim() === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['spec'],
        message: 'needs spec.query (a PromQL query)',
        params: { at: 'key' },
      });
    }
  });

const metricSchema = z.object({ metricSource: metricSourceSchema });

const rawNotSupported = 'raw ratio metrics are not supported: Nines needs event counts to weight by traffic';

const ratioMetricSchema = z
  .object({
    counter: z.boolean().optional(),
    good: metricSchema.optional(),
    bad: metricSchema.optional(),
    total: metricSchema.optional(),
    rawType: z.string().optional(),
    raw: z.unknown().optional(),
  })
  .check(
    z.superRefine(
      (value: unknown, ctx) => {
        if (typeof value !== 'object' || value === null) return;
        const metric = value as Record<string, unknown>;
        if (metric.raw !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['raw'], message: rawNotSupported, params: { at: 'key' } });
          return;
        }
        if (metric.good === undefined && metric.bad === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'needs good or bad (with total)',
            params: { at: 'key' },
          });
        } else if (metric.good !== undefined && metric.bad !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['bad'],
            message: 'only one of good, bad may be set',
            params: { at: 'key' },
          });
        }
        if (metric.total === undefined) {
          ctx.addIssue({ code: 'custom', path: [], message: 'needs total', params: { at: 'key' } });
        }
      },
      { when: () => true },
    ),
  );

/** The body of an OpenSLO SLI, inline or as its own document. */
export const openSloSliSpecSchema = z
  .object({
    description: z.string().optional(),
    thresholdMetric: metricSchema.optional(),
    ratioMetric: ratioMetricSchema.optional(),
  })
  .check(exactlyOneOf(['thresholdMetric', 'ratioMetric']));

export const openSloSliDocumentSchema = z.object({
  metadata: openSloMetadataSchema,
  spec: openSloSliSpecSchema,
});

const timeWindowSchema = z.object({
  duration: z.string().regex(/^\d+[mhdwMQY]$/, 'expected an OpenSLO duration such as 28d, 1w, 1M or 1Q'),
  isRolling: z.boolean().optional(),
  calendar: z
    .object({ startTime: z.string().optional(), timeZone: timeZoneSchema.default('UTC') })
    .optional(),
});

const objectiveSchema = z
  .object({
    displayName: z.string().optional(),
    op: z.enum(['lt', 'lte', 'gt', 'gte']).optional(),
    value: z.number().optional(),
    target: z
      .number()
      .gt(0, 'target is a ratio above 0')
      .lt(1, 'target is a ratio below 1 (e.g. 0.999)')
      .optional(),
    targetPercent: objectivePercentSchema('targetPercent').optional(),
    timeSliceTarget: z.number().gt(0).max(1).optional(),
    timeSliceWindow: z.union([z.number().int().positive(), z.string()]).optional(),
  })
  .check(exactlyOneOf(['target', 'targetPercent']));

export const openSloSloDocumentSchema = z.object({
  metadata: openSloMetadataSchema,
  spec: z
    .object({
      description: z.string().optional(),
      service: nameSchema,
      indicator: z
        .object({
          metadata: z.object({ name: z.string().optional() }).optional(),
          spec: openSloSliSpecSchema,
        })
        .optional(),
      indicatorRef: nameSchema.optional(),
      budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
      timeWindow: z
        .array(timeWindowSchema)
        .length(1, 'timeWindow is a list of exactly one window')
        .optional(),
      objectives: z.array(objectiveSchema).min(1),
    })
    .check(exactlyOneOf(['indicator', 'indicatorRef'])),
});

export const openSloServiceDocumentSchema = z.object({
  metadata: openSloMetadataSchema,
  spec: z.object({ description: z.string().optional() }).default({}),
});

export const openSloDataSourceDocumentSchema = z.object({
  metadata: openSloMetadataSchema,
  spec: z.object({
    type: z
      .string()
      .refine((type) => type.toLowerCase() === 'prometheus', 'only Prometheus data sources are supported'),
    // The spec shows a mapping; the OpenSLO Go SDK writes a list of one-key mappings (`- url: ...`).
    connectionDetails: z.preprocess(mergeListItems, z.object({ url: httpUrlSchema })),
  }),
});

/** A list of mappings read as one mapping (later keys win); anything else is left for the schema to judge. */
function mergeListItems(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const items = value.filter((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
  return items.length === value.length ? Object.assign({}, ...items) : value;
}

export type OpenSloSliSpec = z.output<typeof openSloSliSpecSchema>;
export type OpenSloSlo = z.output<typeof openSloSloDocumentSchema>;
export type OpenSloObjective = z.output<typeof objectiveSchema>;
