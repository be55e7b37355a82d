import { NinesError } from '../core/errors.ts';
import { appendAudit, type Db, type Queryable } from '../storage/index.ts';

export const deployStrategies = ['rolling', 'canary', 'blue-green'] as const;
export type DeployStrategy = (typeof deployStrategies)[number];
export const deployOutcomes = ['succeeded', 'failed', 'rolled_back'] as const;
export type DeployOutcome = (typeof deployOutcomes)[number];

export interface DeployCommit {
  sha: string;
  timeMs: number;
}

/** A deploy as stored in `deploys`. */
export interface DeployRow {
  id: number;
  service: string;
  version: string;
  environment: string;
  strategy: DeployStrategy;
  actor: string;
  started_ms: number;
  finished_ms: number | null;
  outcome: DeployOutcome | null;
  commits: DeployCommit[];
  first_commit_ms: number | null;
  created_by: string;
}

export interface DeployEventRow {
  id: number;
  deploy_id: number;
  at_ms: number;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

export interface NewDeploy {
  service: string;
  version: string;
  environment: string;
  strategy: DeployStrategy;
  actor: string;
  startedMs: number;
  commits: DeployCommit[];
}

/** Records a deploy and its `started` event in one transaction (`tx` when given), audited; answers the stored row. */
export async function recordDeploy(options: {
  db: Db;
  deploy: NewDeploy;
  createdBy: string;
  nowMs: number;
  tx?: Queryable;
}): Promise<DeployRow> {
  const { deploy } = options;
  const firstCommitMs = deploy.commits.length === 0 ? null : Math.min(...deploy.commits.map((c) => c.timeMs));
  return inTransaction(options, async (tx) => {
    const [inserted] = await tx.query<DeployRow>(
      `INSERT INTO deploys (service, version, environment, strategy, actor, started_ms, commits, first_commit_ms, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        deploy.service,
        deploy.version,
        deploy.environment,
        deploy.strategy,
        deploy.actor,
        deploy.startedMs,
        JSON.stringify(deploy.commits),
        firstCommitMs,
        options.createdBy,
      ],
    );
    if (!inserted) throw new Error('deploy insert returned nothing');
    const row = inserted;
    await addDeployEvent(tx, {
      deployId: row.id,
      atMs: deploy.startedMs,
      kind: 'started',
      actor: deploy.actor,
      details: { version: deploy.version, environment: deploy.environment, strategy: deploy.strategy },
    });
    await appendAudit(tx, {
      nowMs: options.nowMs,
      actor: options.createdBy,
      action: 'deploy.start',
      target: String(row.id),
      details: { service: row.service, version: row.version, environment: row.environment },
    });
    return row;
  });
}

/**
 * Ends a running deploy with its outcome (in `tx` when given); a deploy that already ended is a conflict
 * and changes nothing.
 */
export async function finishDeploy(options: {
  db: Db;
  id: number;
  outcome: DeployOutcome;
  actor: string;
  finishedMs: number;
  nowMs: number;
  tx?: Queryable;
}): Promise<DeployRow> {
  return inTransaction(options, async (tx) => {
    const [current] = await tx.query<DeployRow>('SELECT * FROM deploys WHERE id = $1 FOR UPDATE', [
      options.id,
    ]);
    if (!current) throw new NinesError('not_found', `no deploy ${options.id}`);
    if (current.outcome !== null) {
      throw new NinesError('conflict', `deploy ${options.id} already ended: ${current.outcome}`);
    }
    if (options.finishedMs < current.started_ms) {
      throw new NinesError('invalid_input', 'a deploy cannot finish before it started', [
        { path: 'finishedAt', message: 'must not be before the deploy started' },
      ]);
    }
    const [updated] = await tx.query<DeployRow>(
      'UPDATE deploys SET outcome = $2, finished_ms = $3 WHERE id = $1 RETURNING *',
      [options.id, options.outcome, options.finishedMs],
    );
    if (!updated) throw new Error('deploy update returned nothing');
    await addDeployEvent(tx, {
      deployId: options.id,
      atMs: options.finishedMs,
      kind: 'finished',
      actor: options.actor,
      details: { outcome: options.outcome },
    });
    await appendAudit(tx, {
      nowMs: options.nowMs,
      actor: options.actor,
      action: 'deploy.finish',
      target: String(options.id),
      details: { outcome: options.outcome },
    });
    return updated;
  });
}

function inTransaction<T>(
  options: { db: Db; tx?: Queryable },
  run: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return options.tx ? run(options.tx) : options.db.transaction(run);
}

/** Appends to a deploy's history (inside the caller's transaction). */
export async function addDeployEvent(
  tx: Queryable,
  event: { deployId: number; atMs: number; kind: string; actor: string; details?: object },
): Promise<void> {
  await tx.query(
    'INSERT INTO deploy_events (deploy_id, at_ms, kind, actor, details) VALUES ($1, $2, $3, $4, $5)',
    [event.deployId, event.atMs, event.kind, event.actor, JSON.stringify(event.details ?? {})],
  );
}

export async function getDeploy(db: Queryable, id: number): Promise<DeployRow | undefined> {
  const [row] = await db.query<DeployRow>('SELECT * FROM deploys WHERE id = $1', [id]);
  return row;
}

export async function deployEvents(db: Queryable, id: number): Promise<DeployEventRow[]> {
  return deployEventsOf(db, [id]);
}

/** The histories of several deploys in one read, in storage order. */
export async function deployEventsOf(db: Queryable, ids: readonly number[]): Promise<DeployEventRow[]> {
  if (ids.length === 0) return [];
  const marks = ids.map((_, i) => `$${i + 1}`).join(', ');
  return db.query<DeployEventRow>(`SELECT * FROM deploy_events WHERE deploy_id IN (${marks}) ORDER BY id`, [
    ...ids,
  ]);
}

/**
 * Deploys that were running at some time in [fromMs, toMs] (started before `toMs`, not finished before
 * `fromMs`), of the given services when any, newest first; at most `limit`.
 */
export async function listDeploys(
  db: Queryable,
  filter: {
    services?: readonly string[];
    fromMs: number;
    toMs: number;
    limit?: number;
    environment?: string;
  },
): Promise<DeployRow[]> {
  const params: unknown[] = [filter.fromMs, filter.toMs];
  const where = ['started_ms <= $2', '(finished_ms IS NULL OR finished_ms >= $1)'];
  if (filter.services && filter.services.length > 0) {
    const marks = filter.services.map((service) => {
      params.push(service);
      return `$${params.length}`;
    });
    where.push(`service IN (${marks.join(', ')})`);
  }
  if (filter.environment !== undefined) {
    params.push(filter.environment);
    where.push(`environment = $${params.length}`);
  }
  params.push(filter.limit ?? 1_000);
  return db.query<DeployRow>(
    `SELECT * FROM deploys WHERE ${where.join(' AND ')} ORDER BY started_ms DESC, id DESC LIMIT $${params.length}`,
    params,
  );
}
