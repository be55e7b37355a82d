import { describe, expect, it } from 'vitest';
import { mapBounded, valuesPerSide } from './read-interval.ts';

describe('reading an interval', () => {
  it('judges at most 5,000 values a side and 20,000 in all', () => {
    // 2 metrics × 2 sides × 5,000 = 20,000; 50 metrics: 20,000 / 100 sides = 200 each.
    expect(valuesPerSide(2)).toBe(5_000);
    expect(valuesPerSide(3)).toBe(3_333);
    expect(valuesPerSide(50)).toBe(200);
  });

  it('runs at most `limit` reads at once, answering in order', async () => {
    let running = 0;
    let most = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await Promise.resolve();
      running--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60]);
    expect(most).toBe(2);
  });
});
