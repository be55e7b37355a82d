import type { AppContext } from '../context/index.ts';
import type { Queryable } from '../storage/index.ts';
import { driveRollout } from './drive-rollout.ts';
import type { RolloutRunner } from './runner.ts';
import { dueRolloutIds } from './store.ts';

/**
 * When the earliest rollout `owner` may drive falls due (epoch ms), or null: one leased by another node
 * counts from its lease's end, when this node may take it over.
 */
export async function nextRolloutDueMs(db: Queryable, owner: string): Promise<number | null> {
  const [row] = await db.query<{ due: number | null }>(
    `SELECT MIN(CASE WHEN lease_owner IS NOT NULL AND lease_owner <> $1 AND lease_until_ms > due_ms
                     THEN lease_until_ms ELSE due_ms END) AS due
       FROM rollouts WHERE due_ms IS NOT NULL`,
    [owner],
  );
  return row?.due ?? null;
}

/**
 * The job verb: starts a drive for each due rollout this node may take, without waiting for them, at most
 * `runner.limit` at once; one indexed read when nothing is due. Answers how many drives it started.
 */
export async function runDueRollouts(options: { ctx: AppContext; runner: RolloutRunner }): Promise<number> {
  const { ctx, runner } = options;
  if (runner.stop.signal.aborted || runner.ids.size >= runner.limit) return 0;
  const ids = await dueRolloutIds(ctx.db, {
    nowMs: ctx.clock.now(),
    owner: runner.owner,
    limit: runner.limit,
  });
  let started = 0;
  for (const id of ids) {
    if (runner.ids.has(id)) continue;
    if (runner.ids.size >= runner.limit) break;
    runner.ids.add(id);
    const drive: Promise<void> = driveRollout({ ctx, runner, id })
      .catch((error) => ctx.logger.error({ err: error, rollout: id }, 'rollout drive failed'))
      .finally(() => {
        runner.ids.delete(id);
        runner.inflight.delete(drive);
      });
    runner.inflight.add(drive);
    started++;
  }
  return started;
}
