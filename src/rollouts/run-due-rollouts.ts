import type { AppContext } from '../context/index.ts';
import { driveRollout } from './drive-rollout.ts';
import type { RolloutRunner } from './runner.ts';
import { dueRolloutIds } from './store.ts';

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
