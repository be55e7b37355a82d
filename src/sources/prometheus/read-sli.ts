import { NinesError } from '../../core/errors.ts';
import type { Indicator, PrometheusDataSource } from '../../specs/index.ts';
import { createPrometheusClient, type Env, type PrometheusClient } from './client.ts';
import { combineSeries, type SliSample } from './combine-series.ts';
import { fillWindow } from './fill-window.ts';
import { alignEvaluation, planRange } from './plan-range.ts';
import type { Series } from './response.ts';

export type PrometheusIndicator = Extract<Indicator, { kind: 'prometheus' }>;

export interface ReadSliOptions {
  source: PrometheusDataSource;
  indicator: PrometheusIndicator;
  /** Where `{env: NAME}` secrets in the source's headers are looked up. */
  env: Env;
  signal?: AbortSignal;
  /** Injected by tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

/**
 * Reads the bucket that ends at `endMs` (aligned down to the source's step) with two instant queries.
 * A bucket [t, t + step) is evaluated at t + step, so the same bucket read later by a range read matches.
 */
export async function readSliStep(options: ReadSliOptions & { endMs: number }): Promise<SliSample[]> {
  const { source, signal } = options;
  const evaluatedMs = alignEvaluation(options.endMs, source.stepMs);
  return readBuckets(options, (client, expr) => client.query(expr, evaluatedMs, signal));
}

/** Reads every whole bucket inside [fromMs, toMs], in range queries of at most 11,000 points each. */
export async function readSliRange(
  options: ReadSliOptions & { fromMs: number; toMs: number; maxPointsPerQuery?: number },
): Promise<SliSample[]> {
  const { source, signal } = options;
  const chunks = planRange({
    fromMs: options.fromMs,
    toMs: options.toMs,
    stepMs: source.stepMs,
    maxPoints: options.maxPointsPerQuery,
  });
  const samples: SliSample[] = [];
  // One chunk at a time: a backfill should not hit the Prometheus server with dozens of queries at once.
  for (const chunk of chunks) {
    const range = { ...chunk, stepMs: source.stepMs };
    samples.push(...(await readBuckets(options, (client, expr) => client.queryRange(expr, range, signal))));
  }
  return samples;
}

async function readBuckets(
  options: ReadSliOptions,
  run: (client: PrometheusClient, expr: string) => Promise<Series[]>,
): Promise<SliSample[]> {
  const { source, indicator } = options;
  const client = createPrometheusClient({ source, env: options.env, fetch: options.fetch });
  const second = secondQuery(indicator);
  const [total, other] = await Promise.all([
    run(client, fillWindow(indicator.totalQuery, source.stepMs)),
    run(client, fillWindow(second.query, source.stepMs)),
  ]);
  return combineSeries({
    groupBy: indicator.groupBy,
    stepMs: source.stepMs,
    total,
    other,
    counts: second.counts,
  });
}

function secondQuery(indicator: PrometheusIndicator): { query: string; counts: 'error' | 'good' } {
  if (indicator.errorQuery !== undefined) return { query: indicator.errorQuery, counts: 'error' };
  if (indicator.goodQuery !== undefined) return { query: indicator.goodQuery, counts: 'good' };
  throw new NinesError(
    'invalid_config',
    `indicator on source "${indicator.source}" has neither errorQuery nor goodQuery`,
  );
}
