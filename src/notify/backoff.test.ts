import { describe, expect, it } from 'vitest';
import { givesUp, jitterFraction, nextAttemptAt } from './backoff.ts';

const now = 1_000_000;

describe('nextAttemptAt', () => {
  // sha256('delivery-7:1') starts 373eef92 = 926871442; 926871442 / 2^32 = 0.2158...
  // delay 5000 * (1 - 0.25 * 0.2158) = 5000 - 269.755 = 4730.245 -> 4730
  it('waits the base delay less its jitter after the first failure', () => {
    expect(jitterFraction('delivery-7', 1)).toBeCloseTo(926_871_442 / 2 ** 32, 12);
    expect(nextAttemptAt(1, now, { jitterSeed: 'delivery-7' })).toBe(now + 4730);
  });

  // sha256('delivery-7:2') starts f45fed86 = 4099927430; 10000 - 2500 * 0.95459 = 10000 - 2386.472 -> 7614
  it('doubles the delay with each failure', () => {
    expect(nextAttemptAt(2, now, { jitterSeed: 'delivery-7' })).toBe(now + 7614);
  });

  // 5000 * 2^7 = 640000 is over the 10-minute cap; sha256('delivery-7:8') starts 3612279b = 907159451;
  // 600000 - 150000 * 0.211218 = 600000 - 31682.178 -> 568318
  it('caps the delay at ten minutes', () => {
    expect(nextAttemptAt(8, now, { jitterSeed: 'delivery-7' })).toBe(now + 568_318);
  });

  it('stays between 75% and 100% of the exponential delay for any seed', () => {
    const exponential = [1_000, 2_000, 4_000, 8_000, 10_000, 10_000];
    for (const seed of ['a', 'b', 17, 'delivery-123']) {
      exponential.forEach((delayMs, index) => {
        const waitMs = nextAttemptAt(index + 1, 0, { jitterSeed: seed, baseMs: 1_000, maxMs: 10_000 });
        expect(waitMs).toBeLessThanOrEqual(delayMs);
        expect(waitMs).toBeGreaterThanOrEqual(delayMs * 0.75);
      });
    }
  });

  it('gives the same schedule for the same seed and different ones for different seeds', () => {
    const plan = (seed: string) =>
      [1, 2, 3, 4].map((attempt) => nextAttemptAt(attempt, now, { jitterSeed: seed }));
    expect(plan('delivery-9')).toEqual(plan('delivery-9'));
    expect(plan('delivery-9')).not.toEqual(plan('delivery-10'));
  });

  it('does not overflow after very many attempts', () => {
    const waitMs = nextAttemptAt(5_000, 0, { jitterSeed: 'x' });
    expect(waitMs).toBeGreaterThanOrEqual(450_000);
    expect(waitMs).toBeLessThanOrEqual(600_000);
  });
});

describe('givesUp', () => {
  it('gives up after twelve attempts by default', () => {
    expect(givesUp(11)).toBe(false);
    expect(givesUp(12)).toBe(true);
  });

  it('follows maxAttempts', () => {
    expect(givesUp(2, { maxAttempts: 3 })).toBe(false);
    expect(givesUp(3, { maxAttempts: 3 })).toBe(true);
  });
});
