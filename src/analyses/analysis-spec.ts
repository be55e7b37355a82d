import { NinesError, type Problem } from '../core/errors.ts';
import { problemsFromZod } from '../core/zod-problems.ts';
import type { Model } from '../specs/index.ts';
import { checkQuery } from './check-query.ts';
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
import { sloAwareOf } from './slo-aware-spec.ts';
import type { AnalysisMetricSpec, AnalysisSpec } from './types.ts';

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
