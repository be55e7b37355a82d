import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  it('stores what waits behind a running transaction together, within the item and weight limits', async () => {
    const groups: number[][] = [];
    const commits = new GroupCommit<number, number>({
      store: async (items) => {
        groups.push(items);
        return items.map((n) => n * 10);
      },
      maxItems: 3,
      weight: (n) => n,
      maxWeight: 10,
    });
    // The first is taken alone at once; the rest wait for it and are grouped: 3 items at most, a weight of
    // 10 at most (4 + 5 fits, + 2 would be 11), and an item heavier than the limit goes alone.
    const results = await Promise.all([1, 4, 5, 2, 1, 1, 12].map((n) => commits.submit(n)));
    expect(results).toEqual([10, 40, 50, 20, 10, 10, 120]);
    expect(groups).toEqual([[1], [4, 5], [2, 1, 1], [12]]);
  });

  it('stores each item of a failed group alone, so only the item that fails by itself fails', async () => {
    const commits = new GroupCommit<string, string>({
      store: async (items) => {
        if (items.includes('bad')) throw new Error('bad item');
        return items.map((s) => s.toUpperCase());
      },
      maxItems: 10,
    });
    const first = commits.submit('first');
    const grouped = ['a', 'bad', 'b'].map((s) => commits.submit(s).catch((e: Error) => e.message));
    expect(await first).toBe('FIRST');
    expect(await Promise.all(grouped)).toEqual(['A', 'bad item', 'B']);
  });

  it('refuses at once past its waiting limit, and takes again once what waits is stored', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const commits = new GroupCommit<number, number>({
      store: async (items) => {
        await held;
        return items;
      },
      maxItems: 100,
      weight: (n) => n,
      maxWaiting: 10,
      waitingWhat: 'alerts',
    });
    // 50 is taken alone (nothing waits); 6 + 4 wait (10); 1 more would make 11.
    const taken = [50, 6, 4].map((n) => commits.submit(n));
    await expect(commits.submit(1)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'too much is waiting to be stored (10 alerts, at most 10); retry shortly',
    });
    release();
    expect(await Promise.all(taken)).toEqual([50, 6, 4]);
    expect(await commits.submit(9)).toBe(9);
  });

  it('fails a whole group at once when storage is unavailable, without storing each alone', async () => {
    let stores = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const commits = new GroupCommit<string, string>({
      store: async (items) => {
        stores += 1;
        if (stores === 1) {
          await held;
          return items;
        }
        throw new NinesError('unavailable', 'storage is unavailable');
      },
      maxItems: 10,
    });
    const first = commits.submit('first');
    const grouped = ['a', 'b', 'c'].map((s) => commits.submit(s).catch((e: NinesError) => e.code));
    release();
    expect(await first).toBe('first');
    expect(await Promise.all(grouped)).toEqual(['unavailable', 'unavailable', 'unavailable']);
    expect(stores).toBe(2);
  });
});
