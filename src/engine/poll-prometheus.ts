import type { EngineContext } from '../context/index.ts';
import { pushTo } from '../core/collections.ts';
import { isNinesError } from '../core/errors.ts';
import { oldestUsefulMs } from '../slo/index.ts';
import {
  type BatchLimits,
  type BatchPlan,
  type Env,
  MAX_POINTS_PER_QUERY,
  planBatches,
  RANGE_BATCH,
  readNearTotalMembers,
  readSliRange,
  readSliRangeBatch,
  readSliTail,
  readSliTailBatch,
  type SliBatch,
  type SliSample,
  TAIL_BATCH,
} from '../sources/prometheus/index.ts';
import { isFedByRemoteWrite } from '../sources/remote-write/index.ts';
import type { Model, PrometheusDataSource, Slo } from '../specs/index.ts';
import { addGroupInstance } from './restore-instances.ts';
import { aggregateByMinute, applyToSeries, mayFireCatastrophic, type SliPoint } from './sli-points.ts';
import { instanceName } from './slo-engine.ts';
import { CursorMoved, cursorsOf, moveCursors, reloadCursor } from './source-cursors.ts';
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

interface ReadOptions {
  env: Env;
  signal: AbortSignal | undefined;
  fetch: typeof fetch | undefined;
}

/** What every read of `due`'s source over (due.fromMs, toMs] takes; undefined for a non-Prometheus spec. */
function sliReadOptions(
  due: { spec: Slo; source: PrometheusDataSource; fromMs: number },
  toMs: number,
  read: ReadOptions,
) {
  if (due.spec.indicator.kind !== 'prometheus') return undefined;
  return {
    source: due.source,
    indicator: due.spec.indicator,
    env: read.env,
    fromMs: due.fromMs,
    toMs,
    ...(read.signal ? { signal: read.signal } : {}),
    ...(read.fetch ? { fetch: read.fetch } : {}),
  };
}

/** What a poll or a tail read needs. */
export interface PollInput {
  ctx: EngineContext;
  env: Env;
  signal?: AbortSignal;
  /** Injected by tests; the global `fetch` otherwise. */
  fetch?: typeof globalThis.fetch;
}

/**
 * Reads every Prometheus-sourced SLO spec from where it stopped (or, the first time, from the start of its
 * window: the backfill) up to now, stores the new buckets with the cursor in one transaction, and feeds
 * the series. SLOs fed by remote-write are skipped. A source that cannot be read marks its instances with the reason; no data is invented.
 * Answers how many buckets (SLO minutes) it stored.
 */
export async function pollPrometheus({ ctx, env, signal, fetch }: PollInput): Promise<number> {
  const model = ctx.engine.model;
  // An SLO fed by remote-write is never also polled: it would count every request twice.
  const specs = model.slos.filter(
    (slo) => slo.indicator.kind === 'prometheus' && !isFedByRemoteWrite(model, slo.name),
  );
  if (specs.length === 0) return 0;
  const cursors = await cursorsOf(ctx);
  const nowMs = ctx.clock.now();
  const dues = specs.flatMap((spec) => dueRead(ctx, cursors, spec, nowMs) ?? []);
  let stored = 0;
  await inLanes(
    readUnits(model, dues, (due) => due.throughMs, RANGE_BATCH),
    signal,
    async (unit) => {
      stored += await pollUnit(ctx, cursors, unit, { env, signal, fetch });
    },
  );
  return stored;
}

/**
 * Runs `read` on every unit, one lane per source side by side: a source that hangs until its timeout
 * holds only its own SLOs' reads, never another source's. Within a lane, one read at a time.
 */
async function inLanes<Due extends { source: PrometheusDataSource }>(
  units: readonly ReadUnit<Due>[],
  signal: AbortSignal | undefined,
  read: (unit: ReadUnit<Due>) => Promise<void>,
): Promise<void> {
  const lanes = new Map<string, ReadUnit<Due>[]>();
  for (const unit of units) pushTo(lanes, unit.dues[0]?.source.name ?? '', unit);
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const unit of lane) {
        if (signal?.aborted) return;
        await read(unit);
      }
    }),
  );
}

/** The data source a Prometheus-indicator spec names (the model was validated: it exists). */
function sourceOf(model: Model, spec: Slo): PrometheusDataSource {
  const name = spec.indicator.kind === 'prometheus' ? spec.indicator.source : undefined;
  return model.dataSources.find((s) => s.name === name) as PrometheusDataSource;
}

/** Specs read together: one spec, or a batch of specs whose queries differ in one label's value. */
interface ReadUnit<Due = DueRead> {
  dues: Due[];
  batch?: SliBatch;
}

/**
 * Batches specs that read the same span (`fromMs` to `endOf`) of one source and differ only in one
 * matcher's value, each batch within `limits`.
 */
function readUnits<Due extends { spec: Slo; source: PrometheusDataSource; fromMs: number }>(
  model: Model,
  dues: readonly Due[],
  endOf: (due: Due) => number,
  limits: BatchLimits,
  { keep } = { keep: true },
): ReadUnit<Due>[] {
  const sameRange = new Map<string, Due[]>();
  for (const due of dues) pushTo(sameRange, `${due.source.name}|${due.fromMs}|${endOf(due)}`, due);
  const units: ReadUnit<Due>[] = [];
  for (const group of sameRange.values()) {
    const byName = new Map(group.map((due) => [due.spec.name, due]));
    const specs = group.map((due) => due.spec);
    // A list that does not recur (the few specs a tail read suspects) is planned without being kept.
    const plan = keep ? plannedBatches(model, specs, limits) : planOf(specs, limits);
    for (const batch of plan.batches) {
      units.push({ batch, dues: batch.members.flatMap((m) => byName.get(m.id) ?? []) });
    }
    for (const name of plan.alone) {
      const due = byName.get(name);
      if (due) units.push({ dues: [due] });
    }
  }
  return units;
}

/**
 * The batch plan of `specs` within `limits`, kept per list of specs until the model changes: every poll
 * and every tail read plans the same specs (all of them, once their cursors are current), and planning
 * 10,000 costs about 100 ms.
 */
function plannedBatches(model: Model, specs: readonly Slo[], limits: BatchLimits): BatchPlan {
  const key = `${limits.members},${limits.regexChars}\n${specs.map((spec) => spec.name).join('\n')}`;
  let plans = plansByModel.get(model);
  if (!plans) {
    plans = new Map();
    plansByModel.set(model, plans);
  }
  let plan = plans.get(key);
  if (!plan) {
    plan = planOf(specs, limits);
    // A handful of lists recur (everything; a source's specs; the few whose cursors lag): keep a few.
    if (plans.size >= 8) plans.clear();
    plans.set(key, plan);
  }
  return plan;
}

function planOf(specs: readonly Slo[], limits: BatchLimits): BatchPlan {
  return planBatches(
    specs.flatMap((spec) =>
      spec.indicator.kind === 'prometheus' ? [{ id: spec.name, indicator: spec.indicator }] : [],
    ),
    limits,
  );
}

/** Plans by model (a new model starts afresh), then by the list of spec names. */
const plansByModel = new WeakMap<Model, Map<string, BatchPlan>>();

/** What `spec` has to read now, or undefined when no whole settled step lies past its cursor. */
function dueRead(
  ctx: EngineContext,
  cursors: Map<string, number>,
  spec: Slo,
  nowMs: number,
): DueRead | undefined {
  if (spec.indicator.kind !== 'prometheus') return undefined;
  const source = sourceOf(ctx.engine.model, spec);
  const previousMs = cursors.get(spec.name);
  const fromMs = Math.floor((previousMs ?? oldestUsefulMs(spec, nowMs)) / source.stepMs) * source.stepMs;
  const throughMs = Math.floor((nowMs - SETTLE_MS) / source.stepMs) * source.stepMs;
  if (throughMs - fromMs < source.stepMs) return undefined;
  return { spec, source, fromMs, throughMs, previousMs };
}

async function pollUnit(
  ctx: EngineContext,
  cursors: Map<string, number>,
  unit: ReadUnit,
  read: ReadOptions,
): Promise<number> {
  const instances = () => unit.dues.flatMap((due) => ctx.engine.instancesOf(due.spec.name));
  const [first] = unit.dues;
  if (!first) return 0;
  let stored = 0;
  const { stepMs } = first.source;
  const spanSteps = stepsPerSpan(ctx, unit);
  try {
    // An empty span (before the source's retention starts) costs no memory: the next one is twice as long,
    // up to MAX_SPAN_GROWTH times the budget (the span that meets the data holds at most that much).
    for (let fromMs = first.fromMs, steps = spanSteps; fromMs < first.throughMs; ) {
      if (read.signal?.aborted) return stored;
      const throughMs = Math.min(first.throughMs, fromMs + steps * stepMs);
      const part = spanOf(unit, fromMs, throughMs);
      const samples = await readUnit(part, read);
      stored += await storeSamples(ctx, cursors, part.dues, samples);
      const empty = [...samples.values()].every((list) => list.length === 0);
      steps = empty ? Math.min(MAX_POINTS_PER_QUERY, spanSteps * MAX_SPAN_GROWTH, steps * 2) : spanSteps;
      fromMs = throughMs;
    }
    for (const instance of instances()) instance.sourceError = undefined;
  } catch (error) {
    if (error instanceof CursorMoved) {
      for (const due of unit.dues) await reloadCursor(ctx, cursors, due.spec.name);
      return stored;
    }
    if (!isNinesError(error) || error.code !== 'unavailable') throw error;
    const slos = unit.dues.map((due) => due.spec.name);
    ctx.logger.warn({ slos, reason: error.message }, 'prometheus source unavailable');
    for (const instance of instances()) instance.sourceError = error.message;
  }
  return stored;
}

/**
 * Points (series x steps) one read of a unit may bring back. A backfill is read and committed span by
 * span, each within this, so its memory stays that of one span (a month of minutes for a batch of 100
 * SLOs would otherwise be 4.3M samples held at once) and its progress survives a failure half-way.
 */
export const MAX_POINTS_PER_READ = 20_000;
/** How many times the budget an empty span may grow to (see pollUnit). */
const MAX_SPAN_GROWTH = 32;

/** Steps in one span of `unit`: one series per batch member, or each spec's known groups (at least one). */
function stepsPerSpan(ctx: EngineContext, unit: ReadUnit): number {
  const series = unit.dues.reduce(
    (sum, due) => sum + Math.max(1, ctx.engine.instancesOf(due.spec.name).length),
    0,
  );
  return Math.max(1, Math.floor(MAX_POINTS_PER_READ / series));
}

/** `unit` over (fromMs, throughMs] only: its cursors move from where the previous span left them. */
function spanOf(unit: ReadUnit, fromMs: number, throughMs: number): ReadUnit {
  const startMs = unit.dues[0]?.fromMs;
  const dues = unit.dues.map((due) => ({
    ...due,
    fromMs,
    throughMs,
    previousMs: fromMs === startMs ? due.previousMs : fromMs,
  }));
  return { ...unit, dues };
}

/** The samples of each spec of `unit`, by spec name. */
async function readUnit(unit: ReadUnit, read: ReadOptions): Promise<Map<string, SliSample[]>> {
  const [first] = unit.dues;
  const options = first && sliReadOptions(first, first.throughMs, read);
  if (!first || !options) return new Map();
  if (unit.batch) return readSliRangeBatch({ ...options, batch: unit.batch });
  return new Map([[first.spec.name, await readSliRange(options)]]);
}

/** Buckets and the moved cursors in one transaction; memory (cursors, series) follows only after the commit. */
async function storeSamples(
  ctx: EngineContext,
  cursors: Map<string, number>,
  dues: readonly DueRead[],
  samplesBySpec: ReadonlyMap<string, readonly SliSample[]>,
): Promise<number> {
  const nowMs = ctx.clock.now();
  const points: SliPoint[] = [];
  for (const due of dues) {
    for (const sample of samplesBySpec.get(due.spec.name) ?? []) {
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
  }
  const minutes = aggregateByMinute(points);
  await ctx.db.transaction(async (tx) => {
    await addSliBuckets(tx, minutes);
    await moveCursors(tx, dues);
  });
  for (const due of dues) {
    cursors.set(due.spec.name, due.throughMs);
    // The settled buckets now cover what the tail counted: it goes until the next tail read.
    for (const instance of ctx.engine.instancesOf(due.spec.name)) instance.tail = undefined;
  }
  applyToSeries(ctx.engine, minutes, ctx.clock.now());
  return minutes.length;
}

/** A tail longer than this is not read: the source is behind, and the settled reads are catching up. */
export const MAX_TAIL_MS = 5 * 60_000;

/** One spec's tail to read: (fromMs, toMs], from its cursor to now. */
interface DueTail {
  spec: Slo;
  source: PrometheusDataSource;
  fromMs: number;
  toMs: number;
}

/**
 * Reads, for every polled SLO whose catastrophic tier is on and whose cursor is current, what its source
 * has counted past the cursor, keeps it on the instances as their provisional tail, and asks for an
 * evaluation at once when a tail shows a near-total outage. Nothing is stored: the settled read of the same
 * minutes replaces it. Run after `pollPrometheus`, so tails start where the settled data ends.
 *
 * A tail is kept only where it may fire the tier: for specs that batch, one instant query per family
 * (`TAIL_BATCH`) asks Prometheus which groups fail at least the tier's `minErrorRatio` of the tail, and only
 * those tails are read. (The tier needs that share in its short window. A tail of 60 s or more fills a
 * 1-minute window; a shorter one shares it with settled data, and reaches the share with a lower one of
 * its own only if that settled part is itself near-total, which the settled check sees without the tail.)
 * A healthy fleet of 10,000 SLOs costs a few requests with empty answers per poll.
 */
export async function readPrometheusTails({ ctx, env, signal, fetch }: PollInput): Promise<void> {
  const model = ctx.engine.model;
  const cursors = await cursorsOf(ctx);
  const toMs = Math.floor(ctx.clock.now() / 1000) * 1000;
  const dues: DueTail[] = [];
  for (const spec of model.slos) {
    if (spec.indicator.kind !== 'prometheus' || !spec.alerting.catastrophic.enabled) continue;
    const fromMs = cursors.get(spec.name);
    if (fromMs === undefined || toMs - fromMs <= 0 || toMs - fromMs > MAX_TAIL_MS) continue;
    if (isFedByRemoteWrite(model, spec.name)) continue;
    dues.push({ spec, source: sourceOf(model, spec), fromMs, toMs });
  }
  if (dues.length === 0) return;
  const read = { env, signal, fetch };
  let nearTotal = false;
  await inLanes(
    readUnits(model, dues, (due) => due.toMs, TAIL_BATCH),
    signal,
    async (family) => {
      const suspects = await nearTotalDues(ctx, family, read);
      const suspected = new Set(suspects);
      dropTails(
        ctx,
        family.dues.filter((due) => !suspected.has(due)),
      );
      // Rare (an outage, or specs that cannot be asked): their tails, read as the settled data is.
      const fresh = { keep: false };
      for (const unit of readUnits(model, suspects, (due) => due.toMs, RANGE_BATCH, fresh)) {
        if (signal?.aborted) return;
        if (await readTailUnit(ctx, cursors, unit, read)) nearTotal = true;
      }
    },
  );
  if (nearTotal) ctx.engine.onNearTotalFailure?.();
}

/**
 * The specs of `unit` whose tails may fire the catastrophic tier: of a batch whose queries group alike,
 * those Prometheus finds near a total failure (usually none); otherwise all of them. A source that cannot
 * be read gives none (the settled read reports it).
 */
async function nearTotalDues(
  ctx: EngineContext,
  unit: ReadUnit<DueTail>,
  read: ReadOptions,
): Promise<DueTail[]> {
  const [first] = unit.dues;
  const options = first && sliReadOptions(first, first.toMs, read);
  if (!unit.batch?.sameGroups || !options) return unit.dues;
  try {
    const members = await readNearTotalMembers({
      ...options,
      batch: unit.batch,
      ratio: Math.min(...unit.dues.map((due) => due.spec.alerting.catastrophic.minErrorRatio)),
    });
    return unit.dues.filter((due) => members.has(due.spec.name));
  } catch (error) {
    if (!isNinesError(error) || error.code !== 'unavailable') throw error;
    ctx.logger.debug({ reason: error.message }, 'prometheus tail not read');
    return [];
  }
}

/** Reads one unit's tails onto its instances; answers whether one of them may fire a catastrophic page. */
async function readTailUnit(
  ctx: EngineContext,
  cursors: Map<string, number>,
  unit: ReadUnit<DueTail>,
  read: ReadOptions,
): Promise<boolean> {
  const [first] = unit.dues;
  const options = first && sliReadOptions(first, first.toMs, read);
  if (!first || !options) return false;
  let samples: Map<string, SliSample[]>;
  try {
    samples = unit.batch
      ? await readSliTailBatch({ ...options, batch: unit.batch })
      : new Map([[first.spec.name, await readSliTail(options)]]);
  } catch (error) {
    if (!isNinesError(error) || error.code !== 'unavailable') throw error;
    // The settled read reports the source; a tail that could not be read is simply not there.
    dropTails(ctx, unit.dues);
    return false;
  }
  const nowMs = ctx.clock.now();
  let nearTotal = false;
  for (const due of unit.dues) {
    // A settled read that moved the cursor meanwhile covers part of this tail: it would count twice.
    if (cursors.get(due.spec.name) !== due.fromMs) continue;
    const tails = new Map<string, SliSample>();
    for (const sample of samples.get(due.spec.name) ?? []) {
      tails.set(instanceName(due.spec, sample.labels), sample);
    }
    for (const instance of ctx.engine.instancesOf(due.spec.name)) {
      const sample = tails.get(instance.slo.name);
      instance.tail = sample
        ? { fromMs: due.fromMs, toMs: due.toMs, good: sample.good, total: sample.total }
        : undefined;
      if (!sample || sample.good >= sample.total) continue;
      instance.series.advance(nowMs);
      if (mayFireCatastrophic(instance)) nearTotal = true;
    }
  }
  return nearTotal;
}

function dropTails(ctx: EngineContext, dues: readonly DueTail[]): void {
  for (const due of dues) {
    for (const instance of ctx.engine.instancesOf(due.spec.name)) instance.tail = undefined;
  }
}
