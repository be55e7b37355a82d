import type { EngineContext } from '../context/index.ts';
import { isNinesError } from '../core/errors.ts';
import { oldestUsefulMs } from '../slo/index.ts';
import { type Env, readSliRange } from '../sources/prometheus/index.ts';
import { isFedByRemoteWrite } from '../sources/remote-write/index.ts';
import type { PrometheusDataSource, Slo } from '../specs/index.ts';
import { addGroupInstance } from './restore-instances.ts';
import { aggregateByMinute, applyToSeries, type SliPoint } from './sli-points.ts';
import { instanceName } from './slo-engine.ts';
import { addSliBuckets } from './store.ts';

/** The newest bucket is read only once it is this old, so late scrapes are in it. */
export const SETTLE_MS = 30_000;

/**
 * Reads every Prometheus-sourced SLO spec from where it stopped (or, the first time, from the start of its
 * window: the backfill) up to now, stores the new buckets with the cursor in one transaction, and feeds
 * the series. SLOs fed by remote-write are skipped. A source that cannot be read marks its instances with the reason; no data is invented.
 */
export async function pollPrometheus({
  ctx,
  env,
  signal,
}: {
  ctx: EngineContext;
  env: Env;
  signal?: AbortSignal;
}): Promise<void> {
  const model = ctx.engine.model;
  // An SLO fed by remote-write is never also polled: it would count every request twice.
  const specs = model.slos.filter(
    (slo) => slo.indicator.kind === 'prometheus' && !isFedByRemoteWrite(model, slo.name),
  );
  for (const spec of specs) {
    if (signal?.aborted) return;
    await pollSpec(ctx, spec, env, signal);
  }
}

async function pollSpec(ctx: EngineContext, spec: Slo, env: Env, signal?: AbortSignal): Promise<void> {
  if (spec.indicator.kind !== 'prometheus') return;
  const indicator = spec.indicator;
  const source = ctx.engine.model.dataSources.find(
    (s) => s.name === indicator.source,
  ) as PrometheusDataSource;
  const nowMs = ctx.clock.now();
  const [cursor] = await ctx.db.query<{ through_ms: number }>(
    'SELECT through_ms FROM source_cursors WHERE slo_spec = $1',
    [spec.name],
  );
  const fromMs =
    Math.floor((cursor?.through_ms ?? oldestUsefulMs(spec, nowMs)) / source.stepMs) * source.stepMs;
  const throughMs = Math.floor((nowMs - SETTLE_MS) / source.stepMs) * source.stepMs;
  if (throughMs - fromMs < source.stepMs) return;
  try {
    const samples = await readSliRange({ source, indicator, env, fromMs, toMs: throughMs, signal });
    const points: SliPoint[] = [];
    for (const sample of samples) {
      const slo = instanceName(spec, sample.labels);
      if (!ctx.engine.instances.has(slo)) {
        await addGroupInstance({ db: ctx.db, engine: ctx.engine, spec, labels: sample.labels, nowMs });
      }
      points.push({ slo, timeMs: sample.timeMs, good: sample.good, total: sample.total });
    }
    const minutes = aggregateByMinute(points);
    await ctx.db.transaction(async (tx) => {
      await addSliBuckets(tx, minutes);
      await tx.query(
        `INSERT INTO source_cursors (slo_spec, through_ms) VALUES ($1, $2)
         ON CONFLICT (slo_spec) DO UPDATE SET through_ms = excluded.through_ms`,
        [spec.name, throughMs],
      );
    });
    applyToSeries(ctx.engine, minutes, ctx.clock.now());
    for (const instance of ctx.engine.instancesOf(spec.name)) instance.sourceError = undefined;
  } catch (error) {
    if (!isNinesError(error) || error.code !== 'unavailable') throw error;
    ctx.logger.warn({ slo: spec.name, reason: error.message }, 'prometheus source unavailable');
    for (const instance of ctx.engine.instancesOf(spec.name)) instance.sourceError = error.message;
  }
}
