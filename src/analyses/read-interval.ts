import type { AppContext } from '../context/index.ts';
import { createPrometheusClient, type PrometheusClient } from '../sources/prometheus/index.ts';
import type { VariantSamples } from './judge-interval.ts';
import { readSamples } from './store.ts';
import { renderVariantQuery, withWindow } from './templating.ts';
import type { AnalysisSpec } from './types.ts';

/** Values judged per metric and variant at most (the most recent). */
export const MAX_VALUES_PER_SIDE = 5_000;
/** Values judged per interval in all, as the judgement endpoint allows: ranking them holds the event loop ~350 ms. */
export const MAX_VALUES_PER_INTERVAL = 20_000;

/** The latest values judged per metric and side: 5,000, fewer when many metrics share the 20,000. */
export function valuesPerSide(metricCount: number): number {
  return Math.min(MAX_VALUES_PER_SIDE, Math.floor(MAX_VALUES_PER_INTERVAL / (2 * Math.max(1, metricCount))));
}
/** Prometheus reads in flight per analysis. */
const READS_IN_FLIGHT = 4;

export interface IntervalReads {
  samples: Map<string, VariantSamples>;
  /** The canary's error ratio for SLO-aware mode (undefined when not SLO-aware, null without traffic). */
  errorRatio: number | null | undefined;
  errors: string[];
}

type Window = { fromMs: number; toMs: number };

/** Runs `fn` over `items`, at most `limit` at once. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function latest(values: number[], limit: number): number[] {
  return values.length > limit ? values.slice(values.length - limit) : values;
}

/** Reads an interval's samples of a pushed analysis from storage. */
export async function readPushed(
  ctx: Pick<AppContext, 'db'>,
  o: { id: number; spec: AnalysisSpec; window: Window },
): Promise<IntervalReads> {
  const names = o.spec.metrics.map((m) => m.name);
  const sloMetric = o.spec.sloAware?.metric;
  const rows = await readSamples(ctx.db, {
    analysisId: o.id,
    fromMs: o.window.fromMs,
    toMs: o.window.toMs,
    metrics: sloMetric ? [...names, sloMetric] : names,
    limitEach: valuesPerSide(names.length),
  });
  const samples = new Map<string, VariantSamples>(
    names.map((name) => [name, { control: [], experiment: [] }]),
  );
  const ratios: number[] = [];
  for (const row of rows) {
    if (row.metric === sloMetric) {
      if (row.variant === 'experiment') ratios.push(row.value);
      continue;
    }
    samples.get(row.metric)?.[row.variant].push(row.value);
  }
  const errorRatio =
    sloMetric === undefined
      ? undefined
      : ratios.length === 0
        ? null
        : ratios.reduce((a, b) => a + b, 0) / ratios.length;
  return { samples, errorRatio, errors: [] };
}

function clientFor(ctx: Pick<AppContext, 'model' | 'env'>, spec: AnalysisSpec): PrometheusClient | string {
  if (spec.source.kind !== 'prometheus') return 'not a Prometheus analysis';
  const name = spec.source.dataSource;
  const source = ctx.model.dataSources.find((s) => s.name === name);
  if (!source) return `data source "${name}" is no longer configured`;
  return createPrometheusClient({ source, env: ctx.env, keepNonFinite: true });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every value of every series a range query returns for one variant. */
async function rangeValues(
  client: PrometheusClient,
  query: string,
  spec: AnalysisSpec,
  window: Window,
  signal?: AbortSignal,
): Promise<number[]> {
  const series = await client.queryRange(
    query,
    { startMs: window.fromMs, endMs: window.toMs, stepMs: spec.stepMs },
    signal,
  );
  return latest(
    series.flatMap((s) => s.points.map((p) => p.value)),
    valuesPerSide(spec.metrics.length),
  );
}

function rendered(template: string, spec: AnalysisSpec, variant: 'control' | 'experiment'): string {
  const filled = renderVariantQuery(template, { label: spec.scope.label, value: spec.scope[variant] });
  // Checked when the analysis was created; a spec that no longer renders is a bug, not a user's mistake.
  if (!filled.ok) throw new Error(filled.reason);
  return filled.text;
}

/** The sum of an instant query's values (all series). */
async function instantSum(
  client: PrometheusClient,
  query: string,
  atMs: number,
  signal?: AbortSignal,
): Promise<number> {
  const series = await client.query(query, atMs, signal);
  return series.reduce((sum, s) => sum + (s.points[0]?.value ?? 0), 0);
}

async function canaryErrorRatio(
  client: PrometheusClient,
  spec: AnalysisSpec,
  window: Window,
  signal?: AbortSignal,
): Promise<number | null> {
  const slo = spec.sloAware;
  if (!slo) return null;
  const windowText = `${Math.max(1, Math.round((window.toMs - window.fromMs) / 1000))}s`;
  const read = (query: string) =>
    instantSum(client, rendered(withWindow(query, windowText), spec, 'experiment'), window.toMs, signal);
  const total = await read(slo.totalQuery);
  if (!(total > 0)) return null;
  const bad =
    slo.errorQuery !== undefined
      ? await read(slo.errorQuery)
      : total - (await read(slo.goodQuery ?? slo.totalQuery));
  return Math.min(1, Math.max(0, bad / total));
}

/** Reads an interval's samples from Prometheus: one range query per metric and variant; failures are listed. */
export async function readPrometheus(
  ctx: Pick<AppContext, 'model' | 'env'>,
  o: { spec: AnalysisSpec; window: Window; signal?: AbortSignal },
): Promise<IntervalReads> {
  const { spec, window, signal } = o;
  const client = clientFor(ctx, spec);
  const samples = new Map<string, VariantSamples>(
    spec.metrics.map((m) => [m.name, { control: [], experiment: [] }]),
  );
  if (typeof client === 'string')
    return { samples, errorRatio: spec.sloAware ? null : undefined, errors: [client] };
  const errors: string[] = [];
  const tasks = spec.metrics.flatMap((metric) =>
    (['control', 'experiment'] as const).map((variant) => ({ metric, variant })),
  );
  await mapBounded(tasks, READS_IN_FLIGHT, async ({ metric, variant }) => {
    try {
      const values = await rangeValues(
        client,
        rendered(metric.query ?? '', spec, variant),
        spec,
        window,
        signal,
      );
      (samples.get(metric.name) as VariantSamples)[variant] = values;
    } catch (error) {
      errors.push(`${metric.name} (${variant}): ${describe(error)}`);
    }
  });
  let errorRatio: number | null | undefined;
  if (spec.sloAware) {
    try {
      errorRatio = await canaryErrorRatio(client, spec, window, signal);
    } catch (error) {
      errorRatio = null;
      errors.push(`SLO ${spec.sloAware.slo}: ${describe(error)}`);
    }
  }
  return { samples, errorRatio, errors };
}
