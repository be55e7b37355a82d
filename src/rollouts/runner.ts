import { hostname } from 'node:os';
import { newId } from '../core/ids.ts';
import type { Queryable } from '../storage/index.ts';
import type { Judge } from './judge.ts';
import { releaseLeases } from './store.ts';

/**
 * The rollouts this node drives: each is its own task, so an action endpoint that never answers holds
 * only its own rollout (until the action's timeout) and the others go on. Owned by the `rollouts` job.
 */
export interface RolloutRunner {
  /** This process' name in leases: another node (or this one after a restart) is a different owner. */
  owner: string;
  judge: Judge;
  /** NINES_ROLLOUT_COMMANDS_DIR. */
  commandsDir: string | undefined;
  /** At most this many rollouts driven at once. */
  limit: number;
  /** Ids being driven now; never picked again while here. */
  ids: Set<number>;
  /** The drives themselves, so a shutdown can wait for them. */
  inflight: Set<Promise<void>>;
  /** Aborted at shutdown: actions in flight end (and are re-sent after the restart, with their keys). */
  stop: AbortController;
}

export function newRolloutRunner(options: {
  judge: Judge;
  commandsDir?: string | undefined;
  limit?: number;
  owner?: string;
}): RolloutRunner {
  return {
    owner: options.owner ?? `${hostname()}:${process.pid}:${newId(6)}`,
    judge: options.judge,
    commandsDir: options.commandsDir,
    limit: options.limit ?? 16,
    ids: new Set(),
    inflight: new Set(),
    stop: new AbortController(),
  };
}

/**
 * Stops driving: aborts actions in flight, waits for every drive to end and, given `db`, releases this
 * node's leases so the next node (or this one restarted) resumes its rollouts at once.
 */
export async function stopRolloutRunner(runner: RolloutRunner, db?: Queryable): Promise<void> {
  runner.stop.abort(new Error('shutting down'));
  await Promise.allSettled(runner.inflight);
  if (db) await releaseLeases(db, runner.owner);
}
