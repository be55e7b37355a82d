import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../storage/index.ts';

/** The jobs that sleep until their work is due; a writer that creates due work wakes the one concerned. */
export type WakeTopic = 'evaluate' | 'escalate' | 'deliver' | 'canary-analyses' | 'rollouts';

/**
 * Wake-ups of this process's due-driven jobs. A wake asked for inside a transaction of the context's
 * database is held until that transaction commits (and dropped if it rolls back): a job woken earlier
 * would look before the work is visible to it, find nothing, and sleep past it.
 */
export interface Wakeups {
  /** Work for `topic` is due at `atMs` (now when omitted). */
  wake(topic: WakeTopic, atMs?: number): void;
  /** Calls `listener` on each wake of `topic`; answers the unsubscribe. */
  onWake(topic: WakeTopic, listener: (atMs: number | undefined) => void): () => void;
}

interface TransactionScope {
  wakeups: Wakeups;
  held: Array<() => void>;
  /** Committed (or rolled back): later wakes in async work it started go out at once. */
  done: boolean;
}

const transactionScope = new AsyncLocalStorage<TransactionScope>();

export function createWakeups(): Wakeups {
  const listeners = new Map<WakeTopic, Set<(atMs: number | undefined) => void>>();
  const wakeups: Wakeups = {
    wake(topic, atMs) {
      const fire = () => {
        for (const listener of listeners.get(topic) ?? []) listener(atMs);
      };
      const scope = transactionScope.getStore();
      if (scope && !scope.done && scope.wakeups === wakeups) scope.held.push(fire);
      else fire();
    },
    onWake(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
  return wakeups;
}

/**
 * For writers that hold only a transaction (`tx`), not the context: wakes `topic` once the context
 * transaction this runs in commits. Outside one it does nothing; the job's own reads find the work.
 */
export function wakeAfterCommit(topic: WakeTopic, atMs?: number): void {
  const scope = transactionScope.getStore();
  if (scope && !scope.done) scope.wakeups.wake(topic, atMs);
}

/** `db` whose transactions hold the wakes asked for inside them until they commit. */
export function holdingWakes(db: Db, wakeups: Wakeups): Db {
  return {
    get engine() {
      return db.engine;
    },
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    async transaction(fn) {
      const outer = transactionScope.getStore();
      if (outer && !outer.done && outer.wakeups === wakeups) return db.transaction(fn);
      const scope: TransactionScope = { wakeups, held: [], done: false };
      try {
        const result = await transactionScope.run(scope, () => db.transaction(fn));
        scope.done = true;
        for (const fire of scope.held) fire();
        return result;
      } finally {
        scope.done = true;
      }
    },
  };
}
