import { z } from 'zod';
import type { Problem } from '../core/errors.ts';
import { problemsFromZod } from '../core/zod-problems.ts';
import { fillTemplate, quoteAt } from './templating.ts';
import type { AnalysisMetricSpec } from './types.ts';

/**
 * Kayenta canary-config JSON (CanaryConfig, CanaryMetricConfig, PrometheusCanaryMetricSetQueryConfig,
 * the NetflixACAJudge's `analysisConfigurations.canary`, `classifier`) read into our metrics. Pure. What
 * Kayenta can do and we cannot (other metric stores, several scopes or groups per metric, muted metrics,
 * outlier removal, the CLES effect size) is refused with the field's path, never ignored.
 */

const effectSizeSchema = z.strictObject({
  allowedIncrease: z.number().min(1).max(1_000).optional(),
  allowedDecrease: z.number().positive().max(1).optional(),
  criticalIncrease: z.number().min(1).max(1_000).optional(),
  criticalDecrease: z.number().positive().max(1).optional(),
  measure: z.literal('meanRatio', 'only meanRatio is supported (not cles)').optional(),
});

const canaryAnalysisSchema = z.strictObject({
  direction: z.enum(['increase', 'decrease', 'either']).optional(),
  critical: z.boolean().optional(),
  nanStrategy: z.enum(['remove', 'replace']).optional(),
  effectSize: effectSizeSchema.optional(),
  outliers: z
    .strictObject({
      strategy: z.literal('keep', 'only keep is supported (outlier removal is not)'),
      outlierFactor: z.number().optional(),
    })
    .optional(),
  mustHaveData: z.literal(false, 'mustHaveData is not supported').optional(),
  muted: z.literal(false, 'muted metrics are not supported').optional(),
});

const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelPattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const querySchema = z.strictObject({
  type: z.literal('prometheus', 'only Prometheus queries are supported (serviceType prometheus)'),
  metricName: z.string().regex(metricNamePattern, 'must be a Prometheus metric name').optional(),
  resourceType: z
    .undefined(
      'resource types (gce_instance, aws_ec2_instance) are not supported: use labelBindings or a custom filter',
    )
    .optional(),
  labelBindings: z.array(z.string().min(1).max(500)).max(50).optional(),
  groupByFields: z.array(z.string().regex(labelPattern, 'must be a label name')).max(20).optional(),
  customInlineTemplate: z.string().min(1).max(10_000).optional(),
  customFilter: z.string().min(1).max(10_000).optional(),
  customFilterTemplate: z.string().min(1).max(200).optional(),
});

const metricSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  query: querySchema,
  groups: z.array(z.string().min(1).max(200)).max(1, 'at most one group per metric is supported').default([]),
  analysisConfigurations: z.strictObject({ canary: canaryAnalysisSchema.optional() }).default({}),
  scopeName: z.literal('default', 'only the default scope is supported').optional(),
});

export const kayentaConfigSchema = z.looseObject({
  name: z.string().max(500).optional(),
  judge: z
    .looseObject({
      name: z
        .string()
        .regex(/^NetflixACAJudge/, 'only the NetflixACAJudge is supported')
        .optional(),
      judgeConfigurations: z
        .record(z.string(), z.unknown())
        .refine((c) => Object.keys(c).length === 0, 'judge configurations are not supported')
        .optional(),
    })
    .optional(),
  metrics: z.array(metricSchema).min(1, 'at least one metric').max(50, 'at most 50 metrics'),
  templates: z.record(z.string(), z.string().max(10_000)).default({}),
  classifier: z
    .looseObject({
      groupWeights: z.record(z.string(), z.number().positive().max(100)).default({}),
      scoreThresholds: z
        .strictObject({ pass: z.number().min(0).max(100), marginal: z.number().min(0).max(100) })
        .optional(),
    })
    .optional(),
});

export type KayentaConfig = z.output<typeof kayentaConfigSchema>;

export interface FromKayenta {
  metrics: AnalysisMetricSpec[];
  groupWeights: Record<string, number>;
  thresholds?: { pass: number; marginal: number };
}

type KayentaQuery = z.output<typeof querySchema>;

/** The PromQL Kayenta's Prometheus store would run, with `${scope}` as our `{{variant}}`. */
function promQlOf(query: KayentaQuery, templates: Record<string, string>): string | Problem {
  let filter = query.customInlineTemplate ?? query.customFilter;
  if (filter === undefined && query.customFilterTemplate !== undefined) {
    filter = templates[query.customFilterTemplate];
    if (filter === undefined) {
      return {
        path: 'query.customFilterTemplate',
        message: `no template "${query.customFilterTemplate}" in templates`,
      };
    }
  }
  if (filter?.startsWith('PromQL:')) return filter.slice('PromQL:'.length).trim();
  if (query.metricName === undefined) {
    return { path: 'query.metricName', message: 'required unless the template is a full PromQL: expression' };
  }
  const filters = filter === undefined ? ['{{scope}}'] : filter.split(',').map((part) => part.trim());
  filters.push(...(query.labelBindings ?? []));
  const by = query.groupByFields?.length ? ` by (${query.groupByFields.join(',')})` : '';
  return `avg(${query.metricName}{${filters.filter(Boolean).join(',')}})${by}`;
}

/**
 * Kayenta's `${scope}` inside a string is the variant's value (`{{variant}}`), as Kayenta fills it; standing
 * alone it is the matcher `label="value"` (`{{scope}}`). Other `${name}`s are filled from `params`.
 */
function fillKayentaParams(promQl: string, params: Record<string, string>): string | Problem {
  let marked = '';
  let last = 0;
  for (const match of promQl.matchAll(/\$\{scope\}/g)) {
    const inString = quoteAt(promQl, match.index) !== null;
    marked += promQl.slice(last, match.index) + (inString ? '{{variant}}' : '{{scope}}');
    last = match.index + match[0].length;
  }
  marked += promQl.slice(last);
  const filled = fillTemplate(marked, /\$\{(\w+)\}/g, (name) => {
    const value = params[name];
    return value === undefined ? `the template uses \${${name}}: give it in scope.params.${name}` : { value };
  });
  return filled.ok ? filled.text : { path: 'query', message: filled.reason };
}

/** Reads a Kayenta canary config; problems carry paths under `canaryConfig`. */
export function fromKayentaConfig(
  input: unknown,
  params: Record<string, string>,
): { ok: true; value: FromKayenta } | { ok: false; problems: Problem[] } {
  const parsed = kayentaConfigSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: problemsFromZod(parsed.error.issues, input, (path) =>
        `canaryConfig.${path}`.replace(/\.$/, ''),
      ),
    };
  }
  const config = parsed.data;
  const problems: Problem[] = [];
  const metrics: AnalysisMetricSpec[] = [];
  config.metrics.forEach((metric, i) => {
    const at = (path: string) => `canaryConfig.metrics.${i}.${path}`;
    const promQl = promQlOf(metric.query, config.templates);
    const query = typeof promQl === 'string' ? fillKayentaParams(promQl, params) : promQl;
    if (typeof query !== 'string') {
      problems.push({ path: at(query.path), message: query.message });
      return;
    }
    const canary = metric.analysisConfigurations.canary ?? {};
    const effect = canary.effectSize ?? {};
    metrics.push({
      name: metric.name,
      query,
      direction: canary.direction ?? 'either',
      critical: canary.critical ?? false,
      weight: 1,
      ...(metric.groups[0] === undefined ? {} : { group: metric.groups[0] }),
      nanStrategy: canary.nanStrategy ?? 'remove',
      ...(effect.allowedIncrease === undefined ? {} : { allowedIncrease: effect.allowedIncrease }),
      ...(effect.allowedDecrease === undefined ? {} : { allowedDecrease: effect.allowedDecrease }),
      ...(effect.criticalIncrease === undefined ? {} : { criticalIncrease: effect.criticalIncrease }),
      ...(effect.criticalDecrease === undefined ? {} : { criticalDecrease: effect.criticalDecrease }),
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  const thresholds = config.classifier?.scoreThresholds;
  return {
    ok: true,
    value: {
      metrics,
      groupWeights: config.classifier?.groupWeights ?? {},
      ...(thresholds ? { thresholds } : {}),
    },
  };
}
