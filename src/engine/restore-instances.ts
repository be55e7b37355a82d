import { type AlertState, oldestUsefulMs, replaySeries } from '../slo/index.ts';
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

async function restorePlanned(db: Db, engine: SloEngine, planned: Planned, nowMs: number): Promise<void> {
  if (planned.length === 0) return;
  const names = planned.map((p) => p.slo.name);
  const oldest = Math.min(...planned.map((p) => oldestUsefulMs(p.slo, nowMs)));
  const rows: BucketRow[] = await bucketsSince(db, names, oldest);
  const buckets = new Map<string, Array<{ timeMs: number; good: number; total: number }>>();
  for (const row of rows) {
    const list = buckets.get(row.slo) ?? [];
    if (list.length === 0) buckets.set(row.slo, list);
    list.push({ timeMs: row.start_ms, good: row.good, total: row.total });
  }
  const states = await alertStatesOf<AlertState>(db, names);
  const stateOf = new Map(states.map((row) => [row.slo, row.state]));
  for (const plan of planned) {
    const from = oldestUsefulMs(plan.slo, nowMs);
    const series = replaySeries({
      slo: plan.slo,
      buckets: (buckets.get(plan.slo.name) ?? []).filter((b) => b.timeMs >= from),
      nowMs,
    });
    const instance: SloInstance = {
      ...plan,
      series,
      alertState: stateOf.get(plan.slo.name),
      evaluation: undefined,
      sourceError: undefined,
    };
    engine.putInstance(instance);
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
