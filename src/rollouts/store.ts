import { wakeAfterCommit } from '../context/index.ts';
import type { ChangeKind, RolloutPlan } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { RolloutState, RolloutStatus } from './rollout-state.ts';

/** A rollout as stored in `rollouts`. */
export interface RolloutRow {
  id: number;
  deploy_id: number;
  service: string;
  plan_name: string;
  /** The plan as it was at start. */
  plan: RolloutPlan;
  change_kind: ChangeKind;
  status: RolloutStatus;
  state: RolloutState;
  due_ms: number | null;
  version: number;
  lease_owner: string | null;
  lease_until_ms: number | null;
  created_ms: number;
  created_by: string;
  updated_ms: number;
  finished_ms: number | null;
}

/**
 * Stores a new rollout (its state is written right after, once its id is known); undefined when the deploy
 * already has one (two starts racing).
 */
export async function insertRollout(
  tx: Queryable,
  rollout: {
    deployId: number;
    service: string;
    plan: RolloutPlan;
    change: ChangeKind;
    createdBy: string;
    nowMs: number;
  },
): Promise<RolloutRow | undefined> {
  const [row] = await tx.query<RolloutRow>(
    `INSERT INTO rollouts (deploy_id, service, plan_name, plan, change_kind, status, state, due_ms, created_ms, created_by, updated_ms)
     VALUES ($1, $2, $3, $4, $5, 'running', '{}', NULL, $6, $7, $6)
     ON CONFLICT (deploy_id) DO NOTHING RETURNING *`,
    [
      rollout.deployId,
      rollout.service,
      rollout.plan.name,
      JSON.stringify(rollout.plan),
      rollout.change,
      rollout.nowMs,
      rollout.createdBy,
    ],
  );
  return row;
}

/**
 * Writes a new state if the row is still at `version` (compare-and-set); answers false, writing nothing,
 * when another writer got there first.
 */
export async function saveRolloutState(
  tx: Queryable,
  update: {
    id: number;
    version: number;
    state: RolloutState;
    leaseOwner: string | null;
    leaseUntilMs: number | null;
    nowMs: number;
  },
): Promise<boolean> {
  const { state } = update;
  const rows = await tx.query<{ id: number }>(
    `UPDATE rollouts SET state = $3, status = $4, due_ms = $5, finished_ms = $6, lease_owner = $7,
       lease_until_ms = $8, updated_ms = $9, version = version + 1
     WHERE id = $1 AND version = $2 RETURNING id`,
    [
      update.id,
      update.version,
      JSON.stringify(state),
      state.status,
      state.dueMs,
      state.finishedMs,
      update.leaseOwner,
      update.leaseUntilMs,
      update.nowMs,
    ],
  );
  const saved = rows.length === 1;
  // The rollouts job sleeps until the earliest due time it read: this one may be earlier.
  if (saved && state.status === 'running' && state.dueMs !== null) wakeAfterCommit('rollouts', state.dueMs);
  return saved;
}

/** The rollout, locked for the rest of the transaction (PostgreSQL; SQLite has one writer anyway). */
export async function lockRollout(tx: Queryable, id: number): Promise<RolloutRow | undefined> {
  const [row] = await tx.query<RolloutRow>('SELECT * FROM rollouts WHERE id = $1 FOR UPDATE', [id]);
  return row;
}

export async function getRollout(db: Queryable, id: number): Promise<RolloutRow | undefined> {
  const [row] = await db.query<RolloutRow>('SELECT * FROM rollouts WHERE id = $1', [id]);
  return row;
}

export async function rolloutOfDeploy(db: Queryable, deployId: number): Promise<RolloutRow | undefined> {
  const [row] = await db.query<RolloutRow>('SELECT * FROM rollouts WHERE deploy_id = $1', [deployId]);
  return row;
}

/** Rollouts newest first, of a service and/or in a status when given. */
export async function listRollouts(
  db: Queryable,
  filter: { service?: string; status?: RolloutStatus; limit?: number },
): Promise<RolloutRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.service !== undefined) {
    params.push(filter.service);
    where.push(`service = $${params.length}`);
  }
  if (filter.status !== undefined) {
    params.push(filter.status);
    where.push(`status = $${params.length}`);
  }
  params.push(filter.limit ?? 100);
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return db.query<RolloutRow>(
    `SELECT * FROM rollouts ${clause} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
}

/**
 * Ids of rollouts due by `nowMs` that `owner` may drive (no lease, its own, or an expired one), soonest
 * first: one range read of the `due_ms` index, empty when nothing is due.
 */
export async function dueRolloutIds(
  db: Queryable,
  options: { nowMs: number; owner: string; limit: number },
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM rollouts WHERE due_ms IS NOT NULL AND due_ms <= $1
       AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until_ms < $1)
     ORDER BY due_ms LIMIT $3`,
    [options.nowMs, options.owner, options.limit],
  );
  return rows.map((row) => row.id);
}

/** Ends `owner`'s leases at once (a clean shutdown), so another node or the restart resumes without waiting. */
export async function releaseLeases(db: Queryable, owner: string): Promise<void> {
  await db.query('UPDATE rollouts SET lease_until_ms = 0 WHERE lease_owner = $1 AND due_ms IS NOT NULL', [
    owner,
  ]);
}
