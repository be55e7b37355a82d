import { describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../storage/index.ts';
import { createWakeups, holdingWakes, wakeAfterCommit } from './wakeups.ts';

/** A database whose transactions record when they commit, with a chance to run code after `fn`. */
function fakeDb(log: string[]): Db {
  const tx: Queryable = { engine: 'sqlite', query: async () => [] };
  return {
    engine: 'sqlite',
    query: async () => [],
    exec: async () => {},
    close: async () => {},
    async transaction(fn) {
      const result = await fn(tx);
      log.push('commit');
      return result;
    },
  };
}

describe('wakes asked for inside a transaction', () => {
  it('go out after the commit, so the woken job can see the work', async () => {
    const log: string[] = [];
    const wakeups = createWakeups();
    wakeups.onWake('deliver', (atMs) => log.push(`deliver@${atMs}`));
    const db = holdingWakes(fakeDb(log), wakeups);
    await db.transaction(async () => {
      wakeAfterCommit('deliver', 5);
      wakeups.wake('deliver', 6);
      log.push('queued');
    });
    expect(log).toEqual(['queued', 'commit', 'deliver@5', 'deliver@6']);
  });

  it('are dropped when the transaction rolls back: nothing was created', async () => {
    const log: string[] = [];
    const wakeups = createWakeups();
    wakeups.onWake('escalate', () => log.push('escalate'));
    const db = holdingWakes(fakeDb(log), wakeups);
    await expect(
      db.transaction(async () => {
        wakeAfterCommit('escalate');
        throw new Error('conflict');
      }),
    ).rejects.toThrow('conflict');
    expect(log).toEqual([]);
  });

  it('go out at once outside a transaction, and only to their topic', () => {
    const log: string[] = [];
    const wakeups = createWakeups();
    wakeups.onWake('rollouts', () => log.push('rollouts'));
    wakeups.onWake('deliver', () => log.push('deliver'));
    wakeups.wake('rollouts');
    expect(log).toEqual(['rollouts']);
  });
});
