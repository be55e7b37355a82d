import type { EngineContext } from '../context/index.ts';
import { isNinesError } from '../core/errors.ts';
import { oldestUsefulMs } from '../slo/index.ts';
import { type Env, readSliRange, type SliSample } from '../sources/prometheus/index.ts';
import { isFedByRemoteWrite } from '../sources/remote-write/index.ts';
import type { PrometheusDataSource, Slo } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { addGroupInstance } from './restore-instances.ts';
import { aggregateByMinute, applyToSeries, type SliPoint } from './sli-points.ts';
import type { SloEngine } from './slo-engine.ts';
import { instanceName } from './slo-engine.ts';
import { addSliBuckets } from './store.ts';

/** The newest bucket is read only once it is this old, so late scrapes are in it. */
export const SETTLE_MS = 30_000;

/** One spec with whole buckets to read: (fromMs, throughMs], from its cursor (`previousMs`) on. */
interface DueRead {
  spec: Slo;
  source: PrometheusDataSource;
  fromMs: number;
  throughMs: number;
  /** The cursor as stored now (undefined: no row yet); the commit only moves it from there. */
  previousMs: number | undefined;
}

/**
 * Where each Prometheus-read spec stopped, as this process knows it: loaded from `source_cursors` in one
 * read on first use, then kept in step with every commit, so a tick with nothing due runs no statement.
 * Keyed by engine: one per running installation.
 */
const cursorsByEngine = new WeakMap<SloEngine, Map<string, number>>();

/** A cursor moved by someone else (another node, another poll): this read is dropped, not counted twice. */
class CursorMoved extends Error {}

/**
 * Reads every Prometheus-sourced SLO spec from where it stopped (or, the first time, from the start of its
 * window: the backfill) up to now, stores the new buckets with the cursor in one transaction, and feeds
 * the series. SLOs fed by remote-write are skipped. A source that cannot be read marks its instances with the reason; no data is invented.
 */
export async function pollPrometheus({
  ctx,
  env,
  signal,
  fetch,
}: {
  ctx: EngineContext;
  env: Env;
  signal?: AbortSignal;
  /** Injected by tests; the global `fetch` otherwise. */
  fetch?: typeof globalThis.fetch;
}): Promise<void> {
  const model = ctx.engine.model;
  // An SLO fed by remote-write is never also polled: it would count every request twice.
  const specs = model.slos.filter(
    (slo) => slo.indicator.kind === 'prometheus' && !isFedByRemoteWrite(model, slo.name),
  );
  if (specs.length === 0) return;
  const cursors = await cursorsOf(ctx);
  const nowMs = ctx.clock.now();
  for (const spec of specs) {
    if (signal?.aborted) return;
    const due = dueRead(ctx, cursors, spec, nowMs);
    if (due) await pollSpec(ctx, cursors, due, { env, signal, fetch });
  }
}

/** Forgets the cursors held in memory: the next poll reads them from storage again (storage changed behind this process). */
export function reloadSourceCursors(engine: SloEngine): void {
  cursorsByEngine.delete(engine);
}

async function cursorsOf(ctx: EngineContext): Promise<Map<string, number>> {
  const known = cursorsByEngine.get(ctx.engine);
  if (known) return known;
  const rows = await ctx.db.query<{ slo_spec: string; through_ms: number }>(
    'SELECT slo_spec, through_ms FROM source_cursors',
  );
  const cursors = new Map(rows.map((row) => [row.slo_spec, Number(row.through_ms)]));
  cursorsByEngine.set(ctx.engine, cursors);
  return cursors;
}

/** What `spec` has to read now, or undefined when no whole settled step lies past its cursor. */
function dueRead(
  ctx: EngineContext,
  cursors: Map<string, number>,
  spec: Slo,
  nowMs: number,
): DueRead | undefined {
  if (spec.indicator.kind !== 'prometheus') return undefined;
  const sourceName = spec.indicator.source;
  const source = ctx.engine.model.dataSources.find((s) => s.name === sourceName) as PrometheusDataSource;
  const previousMs = cursors.get(spec.name);
  const fromMs = Math.floor((previousMs ?? oldestUsefulMs(spec, nowMs)) / source.stepMs) * source.stepMs;
  const throughMs = Math.floor((nowMs - SETTLE_MS) / source.stepMs) * source.stepMs;
  if (throughMs - fromMs < source.stepMs) return undefined;
  return { spec, source, fromMs, throughMs, previousMs };
}

async function pollSpec(
  ctx: EngineContext,
  cursors: Map<string, number>,
  due: DueRead,
  read: { env: Env; signal: AbortSignal | undefined; fetch: typeof fetch | undefined },
): Promise<void> {
  const { spec, source } = due;
  if (spec.indicator.kind !== 'prometheus') return;
  try {
    const samples = await readSliRange({
      source,
      indicator: spec.indicator,
      env: read.env,
      fromMs: due.fromMs,
      toMs: due.throughMs,
      ...(read.signal ? { signal: read.signal } : {}),
      ...(read.fetch ? { fetch: read.fetch } : {}),
    });
    await storeSamples(ctx, cursors, due, samples);
    for (const instance of ctx.engine.instancesOf(spec.name)) instance.sourceError = undefined;
  } catch (error) {
    if (error instanceof CursorMoved) {
      await reloadCursor(ctx, cursors, spec.name);
      return;
    }
    if (!isNinesError(error) || error.code !== 'unavailable') throw error;
    ctx.logger.warn({ slo: spec.name, reason: error.message }, 'prometheus source unavailable');
    for (const instance of ctx.engine.instancesOf(spec.name)) instance.sourceError = error.message;
  }
}

/** Buckets and the moved cursor in one transaction; memory (cursor, series) follows only after the commit. */
async function storeSamples(
  ctx: EngineContext,
  cursors: Map<string, number>,
  due: DueRead,
  samples: readonly SliSample[],
): Promise<void> {
  const nowMs = ctx.clock.now();
  const points: SliPoint[] = [];
  for (const sample of samples) {
    const slo = instanceName(due.spec, sample.labels);
    if (!ctx.engine.instances.has(slo)) {
      await addGroupInstance({
        db: ctx.db,
        engine: ctx.engine,
        spec: due.spec,
        labels: sample.labels,
        nowMs,
      });
    }
    points.push({ slo, timeMs: sample.timeMs, good: sample.good, total: sample.total });
  }
  const minutes = aggregateByMinute(points);
  await ctx.db.transaction(async (tx) => {
    await addSliBuckets(tx, minutes);
    await moveCursor(tx, due);
  });
  cursors.set(due.spec.name, due.throughMs);
  applyToSeries(ctx.engine, minutes, ctx.clock.now());
}

/**
 * Moves the cursor only from where this read started (compare-and-set): a node or a poll that read the
 * same steps first keeps them, and this transaction rolls back rather than counting them twice.
 */
async function moveCursor(tx: Queryable, due: DueRead): Promise<void> {
  const moved = await tx.query(
    `INSERT INTO source_cursors (slo_spec, through_ms) VALUES ($1, $2)
     ON CONFLICT (slo_spec) DO UPDATE SET through_ms = excluded.through_ms
     WHERE source_cursors.through_ms = $3 RETURNING slo_spec`,
    [due.spec.name, due.throughMs, due.previousMs ?? null],
  );
  if (moved.length !== 1) throw new CursorMoved(`cursor of ${due.spec.name} moved meanwhile`);
}

async function reloadCursor(ctx: EngineContext, cursors: Map<string, number>, spec: string): Promise<void> {
  const [row] = await ctx.db.query<{ through_ms: number }>(
    'SELECT through_ms FROM source_cursors WHERE slo_spec = $1',
    [spec],
  );
  if (row) cursors.set(spec, Number(row.through_ms));
  else cursors.delete(spec);
}
