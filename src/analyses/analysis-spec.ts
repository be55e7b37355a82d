import { NinesError, type Problem } from '../core/errors.ts';
import { problemsFromZod } from '../core/zod-problems.ts';
import type { Model, Slo } from '../specs/index.ts';
import { fromKayentaConfig } from './kayenta-config.ts';
import {
  defaultBakeMs,
  defaultIntervalMs,
  defaultStepMs,
  intervalCount,
  MAX_BAKE_MS,
  MAX_INTERVALS,
  MAX_POINTS_PER_SERIES,
} from './plan.ts';
import { type AnalysisRequest, analysisRequestSchema } from './request.ts';
import { hasVariantPlaceholder, renderVariantQuery } from './templating.ts';
import type { AnalysisMetricSpec, AnalysisSpec, SloAwareSpec } from './types.ts';

/** Kayenta's NetflixACAJudge classifies at 98 % confidence. */
const KAYENTA_CONFIDENCE = 0.98;
const DEFAULT_GROUP = 'default';

function invalid(problems: Problem[]): NinesError {
  const first = problems[0];
  const message = first ? `${first.path}: ${first.message}` : 'the analysis is not valid';
  return new NinesError('invalid_input', `the analysis is not valid: ${message}`, problems);
}

function sourceOf(request: AnalysisRequest, model: Model, problems: Problem[]): AnalysisSpec['source'] {
  if (request.source === 'pushed') return { kind: 'pushed' };
  const names = model.dataSources.map((s) => s.name);
  if (request.source !== undefined) {
    if (!names.includes(request.source)) {
      problems.push({
        path: 'source',
        message: `no data source "${request.source}"; one of ${[...names, 'pushed'].join(', ')}`,
      });
    }
    return { kind: 'prometheus', dataSource: request.source };
  }
  if (names.length === 1) return { kind: 'prometheus', dataSource: names[0] as string };
  problems.push({
    path: 'source',
    message:
      names.length === 0
        ? 'no Prometheus data source is configured: give "pushed" and push samples'
        : `several data sources: name one of ${names.join(', ')} (or "pushed")`,
  });
  return { kind: 'pushed' };
}

function metricsOf(
  request: AnalysisRequest,
  problems: Problem[],
): {
  metrics: AnalysisMetricSpec[];
  groupWeights: Record<string, number>;
  thresholds?: { pass: number; marginal: number };
} {
  if (request.metrics) {
    return {
      metrics: request.metrics.map((m) => ({ ...m })) as AnalysisMetricSpec[],
      groupWeights: request.thresholds?.groupWeights ?? {},
    };
  }
  const read = fromKayentaConfig(request.canaryConfig, request.scope.params);
  if (!read.ok) {
    problems.push(...read.problems);
    return { metrics: [], groupWeights: {} };
  }
  return {
    ...read.value,
    groupWeights: { ...read.value.groupWeights, ...(request.thresholds?.groupWeights ?? {}) },
  };
}

function checkMetrics(spec: AnalysisSpec, fromKayenta: boolean, problems: Problem[]): void {
  const seen = new Set<string>();
  spec.metrics.forEach((metric, i) => {
    const path = fromKayenta ? `canaryConfig.metrics.${i}` : `metrics.${i}`;
    if (seen.has(metric.name))
      problems.push({ path: `${path}.name`, message: `"${metric.name}" is named twice` });
    seen.add(metric.name);
    if (spec.source.kind === 'pushed') {
      if (metric.query !== undefined) {
        problems.push({
          path: `${path}.query`,
          message: 'a pushed analysis takes no query (samples are pushed)',
        });
      }
      return;
    }
    if (metric.query === undefined) {
      problems.push({ path: `${path}.query`, message: 'required: the PromQL to read for each variant' });
      return;
    }
    checkQuery(metric.query, spec.scope, `${path}.query`, problems);
  });
}

function checkQuery(query: string, scope: AnalysisSpec['scope'], path: string, problems: Problem[]): void {
  if (!hasVariantPlaceholder(query)) {
    problems.push({ path, message: 'must tell the variants apart with {{variant}} or {{scope}}' });
    return;
  }
  for (const value of [scope.control, scope.experiment]) {
    const rendered = renderVariantQuery(query, { label: scope.label, value });
    if (!rendered.ok) {
      problems.push({ path, message: rendered.reason });
      return;
    }
  }
}

function checkGroupWeights(spec: AnalysisSpec, problems: Problem[]): void {
  const weights = spec.thresholds.groupWeights;
  if (!weights || Object.keys(weights).length === 0) return;
  const groups = new Set(spec.metrics.map((m) => m.group ?? DEFAULT_GROUP));
  for (const name of Object.keys(weights)) {
    if (!groups.has(name)) {
      problems.push({ path: `thresholds.groupWeights.${name}`, message: `no metric is in group "${name}"` });
    }
  }
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  if (sum > 100 + 1e-9)
    problems.push({ path: 'thresholds.groupWeights', message: `weights sum to ${sum}, more than 100` });
  const allWeighted = [...groups].every((g) => weights[g] !== undefined);
  if (allWeighted && Math.abs(sum - 100) > 1e-9) {
    problems.push({
      path: 'thresholds.groupWeights',
      message: `every group has a weight, so they must sum to 100 (they sum to ${sum})`,
    });
  }
}

function checkTiming(spec: AnalysisSpec, problems: Problem[]): void {
  if (spec.bakeMs > MAX_BAKE_MS) problems.push({ path: 'bakeTime', message: 'at most 24h' });
  if (spec.intervalMs > spec.bakeMs)
    problems.push({ path: 'interval', message: 'must not be longer than the bake time' });
  if (spec.intervalMs < spec.stepMs)
    problems.push({ path: 'interval', message: 'must not be shorter than the step' });
  if (intervalCount(spec) > MAX_INTERVALS) {
    problems.push({ path: 'interval', message: `at most ${MAX_INTERVALS} intervals over the bake time` });
  }
  if (spec.lookbackMs !== null && spec.lookbackMs < spec.stepMs) {
    problems.push({ path: 'lookback', message: 'must not be shorter than the step' });
  }
  const windowMs = spec.lookbackMs ?? spec.bakeMs;
  if (spec.source.kind === 'prometheus' && windowMs / spec.stepMs > MAX_POINTS_PER_SERIES) {
    problems.push({
      path: 'step',
      message: `too small: a judged window would hold more than ${MAX_POINTS_PER_SERIES} points per series`,
    });
  }
  if (spec.thresholds.marginal > spec.thresholds.pass) {
    problems.push({ path: 'thresholds.marginal', message: 'must not be above pass' });
  }
}

/** The SLO's lowest page burn rate: "if the whole service behaved like the canary, it would page". */
function pageBurnRate(slo: Slo): number | undefined {
  if (!slo.alerting.page.enabled || slo.alerting.page.conditions.length === 0) return undefined;
  return Math.min(...slo.alerting.page.conditions.map((c) => c.burnRate));
}

function sloAwareOf(
  request: AnalysisRequest,
  spec: AnalysisSpec,
  model: Model,
  problems: Problem[],
): SloAwareSpec | null {
  const asked = request.sloAware;
  if (!asked) return null;
  const slo = model.slos.find((s) => s.name === asked.slo);
  if (!slo) {
    problems.push({ path: 'sloAware.slo', message: `no SLO "${asked.slo}"` });
    return null;
  }
  if (slo.service !== spec.service) {
    problems.push({
      path: 'sloAware.slo',
      message: `SLO "${slo.name}" is of service ${slo.service}, not ${spec.service}`,
    });
  }
  const maxBurnRate = asked.maxBurnRate ?? pageBurnRate(slo);
  if (maxBurnRate === undefined) {
    problems.push({
      path: 'sloAware.maxBurnRate',
      message: `required: SLO "${slo.name}" has no page alert to take it from`,
    });
  }
  const base = { slo: slo.name, maxBurnRate: maxBurnRate ?? 0 };
  if (spec.source.kind === 'pushed') {
    if (!asked.metric) {
      problems.push({
        path: 'sloAware.metric',
        message: "required for a pushed analysis: the metric carrying the canary's error ratio (0–1)",
      });
    }
    return { ...base, totalQuery: '', metric: asked.metric ?? '' };
  }
  return { ...base, ...sloQueriesOf(asked, slo, spec.scope, problems) };
}

function sloQueriesOf(
  asked: NonNullable<AnalysisRequest['sloAware']>,
  slo: Slo,
  scope: AnalysisSpec['scope'],
  problems: Problem[],
): Pick<SloAwareSpec, 'goodQuery' | 'errorQuery' | 'totalQuery'> {
  const given = asked.goodQuery ?? asked.errorQuery ?? asked.totalQuery;
  let queries: { goodQuery?: string; errorQuery?: string; totalQuery?: string };
  let where: string;
  if (given !== undefined) {
    queries = { goodQuery: asked.goodQuery, errorQuery: asked.errorQuery, totalQuery: asked.totalQuery };
    where = 'sloAware';
    if (
      (asked.goodQuery === undefined) === (asked.errorQuery === undefined) ||
      asked.totalQuery === undefined
    ) {
      problems.push({
        path: 'sloAware.totalQuery',
        message: 'give totalQuery and exactly one of goodQuery or errorQuery',
      });
      return { totalQuery: '' };
    }
  } else {
    const indicator = slo.indicator;
    const own =
      indicator.kind === 'prometheus'
        ? [indicator.goodQuery, indicator.errorQuery, indicator.totalQuery]
        : [];
    if (indicator.kind !== 'prometheus' || !own.every((q) => q === undefined || hasVariantPlaceholder(q))) {
      problems.push({
        path: 'sloAware',
        message: `SLO "${slo.name}"'s queries do not tell the variants apart: give sloAware.errorQuery (or goodQuery) and totalQuery with {{variant}} or {{scope}}`,
      });
      return { totalQuery: '' };
    }
    queries = {
      goodQuery: indicator.goodQuery,
      errorQuery: indicator.errorQuery,
      totalQuery: indicator.totalQuery,
    };
    where = `SLO ${slo.name}`;
  }
  for (const key of ['goodQuery', 'errorQuery', 'totalQuery'] as const) {
    const query = queries[key];
    if (query !== undefined)
      checkQuery(query, scope, where === 'sloAware' ? `sloAware.${key}` : 'sloAware', problems);
  }
  return {
    ...(queries.goodQuery === undefined ? {} : { goodQuery: queries.goodQuery }),
    ...(queries.errorQuery === undefined ? {} : { errorQuery: queries.errorQuery }),
    totalQuery: queries.totalQuery ?? '',
  };
}

/**
 * Parses and checks an analysis request (metrics, or a Kayenta canary config) against the catalog into the
 * spec it runs; NinesError('invalid_input') listing every problem with its path otherwise. The deploy is
 * checked when the analysis starts (it needs storage).
 */
export function analysisSpecFrom(request: unknown, ctx: { model: Model }): AnalysisSpec {
  const parsed = analysisRequestSchema.safeParse(request);
  if (!parsed.success) throw invalid(problemsFromZod(parsed.error.issues, request));
  const body = parsed.data;
  const problems: Problem[] = [];
  const service = ctx.model.services.find((s) => s.name === body.service);
  if (!service) problems.push({ path: 'service', message: `no service "${body.service}" in the catalog` });
  const source = sourceOf(body, ctx.model, problems);
  const read = metricsOf(body, problems);
  const bakeMs = body.bakeTime ?? defaultBakeMs(service?.tier ?? 2);
  const intervalMs = body.interval ?? defaultIntervalMs(bakeMs, body.step);
  const spec: AnalysisSpec = {
    service: body.service,
    deployId: body.deployId ?? null,
    source,
    scope: { label: body.scope.label, control: body.scope.control, experiment: body.scope.experiment },
    metrics: read.metrics,
    intervalMs,
    bakeMs,
    stepMs: body.step ?? defaultStepMs(intervalMs),
    lookbackMs: body.lookback ?? null,
    confidence: body.confidence ?? (body.canaryConfig === undefined ? 0.95 : KAYENTA_CONFIDENCE),
    thresholds: {
      pass: body.thresholds?.pass ?? read.thresholds?.pass ?? 95,
      marginal: body.thresholds?.marginal ?? read.thresholds?.marginal ?? 75,
      ...(Object.keys(read.groupWeights).length === 0 ? {} : { groupWeights: read.groupWeights }),
    },
    sloAware: null,
  };
  if (spec.scope.control === spec.scope.experiment) {
    problems.push({ path: 'scope.experiment', message: 'must differ from scope.control' });
  }
  checkMetrics(spec, body.canaryConfig !== undefined, problems);
  checkGroupWeights(spec, problems);
  checkTiming(spec, problems);
  spec.sloAware = sloAwareOf(body, spec, ctx.model, problems);
  if (spec.sloAware?.metric !== undefined && spec.metrics.some((m) => m.name === spec.sloAware?.metric)) {
    problems.push({ path: 'sloAware.metric', message: 'must not be one of the judged metrics' });
  }
  if (problems.length > 0) throw invalid(problems);
  return spec;
}
