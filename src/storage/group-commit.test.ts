import { describe, expect, it } from 'vitest';
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
});
