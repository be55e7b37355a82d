import { type AlertState, oldestUsefulMs, type PersistedBucket, replaySeries } from '../slo/index.ts';
import type { Slo } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { instanceSlo, type SloEngine, type SloInstance } from './slo-engine.ts';
import { alertStatesOf, bucketsSince, knownInstances } from './store.ts';

interface BucketRow {
  slo: string;
  start_ms: number;
  good: number;
  total: number;
}

/** The instances a model defines: one per spec, or one per known label combination of a groupBy spec. */
async function plannedInstances(
  db: Db,
  slos: Slo[],
): Promise<Array<{ slo: Slo; spec: string; labels: Record<string, string> }>> {
  const grouped = slos.filter(
    (slo) => slo.indicator.kind === 'prometheus' && slo.indicator.groupBy.length > 0,
  );
  const known = grouped.length
    ? await knownInstances(
        db,
        grouped.map((slo) => slo.name),
      )
    : [];
  const planned = [];
  for (const spec of slos) {
    if (!grouped.includes(spec)) {
      planned.push({ slo: spec, spec: spec.name, labels: {} });
      continue;
    }
    for (const row of known.filter((r) => r.spec === spec.name)) {
      planned.push({ slo: instanceSlo(spec, row.labels), spec: spec.name, labels: row.labels });
    }
  }
  return planned;
}

/**
 * Rebuilds the in-memory state of `slos` from storage: series replayed from the persisted minute buckets
 * and the persisted alert state, so a restart resumes with the same budgets and alerts.
 */
export async function restoreInstances(options: {
  db: Db;
  engine: SloEngine;
  slos: Slo[];
  nowMs: number;
}): Promise<void> {
  await restorePlanned(
    options.db,
    options.engine,
    await plannedInstances(options.db, options.slos),
    options.nowMs,
  );
}

type Planned = Awaited<ReturnType<typeof plannedInstances>>;

/**
 * Instances restored per read of their buckets: thirty days of minute buckets is 43,200 rows an SLO, so
 * reading every SLO's at once does not fit in memory at a thousand SLOs; two at a time keeps the peak low.
 */
const RESTORE_CHUNK = 2;

async function restorePlanned(db: Db, engine: SloEngine, planned: Planned, nowMs: number): Promise<void> {
  if (planned.length === 0) return;
  const states = await alertStatesOf<AlertState>(
    db,
    planned.map((p) => p.slo.name),
  );
  const stateOf = new Map(states.map((row) => [row.slo, row.state]));
  for (let i = 0; i < planned.length; i += RESTORE_CHUNK) {
    const chunk = planned.slice(i, i + RESTORE_CHUNK);
    const oldest = Math.min(...chunk.map((p) => oldestUsefulMs(p.slo, nowMs)));
    const rows: BucketRow[] = await bucketsSince(
      db,
      chunk.map((p) => p.slo.name),
      oldest,
    );
    for (const plan of chunk) {
      const buckets = bucketsOf(rows, plan.slo.name, oldestUsefulMs(plan.slo, nowMs));
      engine.putInstance({
        ...plan,
        series: replaySeries({ slo: plan.slo, buckets, nowMs }),
        alertState: stateOf.get(plan.slo.name),
        evaluation: undefined,
        sourceError: undefined,
      });
    }
  }
}

/** One instance's buckets from `fromMs` on, in the rows' (time) order, without copying the rows. */
function* bucketsOf(rows: BucketRow[], slo: string, fromMs: number): Generator<PersistedBucket> {
  for (const row of rows) {
    if (row.slo === slo && row.start_ms >= fromMs) {
      yield { timeMs: row.start_ms, good: row.good, total: row.total };
    }
  }
}

/** Adds a groupBy instance seen for the first time in source data, remembering it durably. */
export async function addGroupInstance(options: {
  db: Db;
  engine: SloEngine;
  spec: Slo;
  labels: Record<string, string>;
  nowMs: number;
}): Promise<SloInstance> {
  const slo = instanceSlo(options.spec, options.labels);
  await options.db.query(
    'INSERT INTO slo_instances (name, spec, labels) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [slo.name, options.spec.name, JSON.stringify(options.labels)],
  );
  const existing = options.engine.instances.get(slo.name);
  if (existing) return existing;
  const plan = { slo, spec: options.spec.name, labels: options.labels };
  await restorePlanned(options.db, options.engine, [plan], options.nowMs);
  const restored = options.engine.instances.get(slo.name);
  if (!restored) throw new Error(`instance ${slo.name} was not restored`);
  return restored;
}
