import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketRing } from './bucket-ring.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-01-01T12:00:00Z');

function minuteRing(nowMs: number, windowBuckets: number[] = [5]) {
  return new BucketRing({ stepMs: MIN, size: 10, windowBuckets, nowMs });
}

describe('BucketRing windows', () => {
  it('covers the buckets whose start is in (now - W, now], the current partial one included', () => {
    // now = 12:04:30, W = 5 min: buckets 12:00 .. 12:04 are in, 11:59 is out.
    const ring = minuteRing(T0 + 4.5 * MIN);
    ring.add(T0, 1, 1); // 12:00:00, start == now - 4.5 min > now - 5 min: in
    ring.add(T0 - 1, 10, 10); // 11:59:59.999, bucket 11:59: out of the window but still in the ring
    ring.add(T0 + 4 * MIN + 20_000, 100, 100); // 12:04:20, current bucket: in
    expect(ring.windowTotal(0)).toBe(101);

    ring.advance(T0 + 5 * MIN); // now 12:05: window is 12:01 .. 12:05, so 12:00 leaves
    expect(ring.windowTotal(0)).toBe(100);
    ring.advance(T0 + 9 * MIN); // window 12:05 .. 12:09: 12:04 leaves too
    expect(ring.windowTotal(0)).toBe(0);
  });

  it('refuses data older than the ring and data for a later bucket than now', () => {
    const ring = minuteRing(T0);
    // size 10 at head 12:00: oldest bucket is 11:51.
    expect(ring.add(T0 - 9 * MIN, 1, 1)).toBe(true);
    expect(ring.add(T0 - 10 * MIN, 1, 1)).toBe(false);
    expect(ring.add(T0 + MIN, 1, 1)).toBe(false);
    expect(ring.oldestMs).toBe(T0 - 9 * MIN);
  });

  it('keeps good and total apart and sums several windows at once', () => {
    const ring = minuteRing(T0 + 9 * MIN, [10, 2, 5]);
    for (let m = 0; m < 10; m++) ring.add(T0 + m * MIN, 9, 10);
    // 10 buckets of 9/10: W=10 -> 90/100, W=2 -> 18/20, W=5 -> 45/50.
    expect([ring.windowGood(0), ring.windowTotal(0)]).toEqual([90, 100]);
    expect([ring.windowGood(1), ring.windowTotal(1)]).toEqual([18, 20]);
    expect([ring.windowGood(2), ring.windowTotal(2)]).toEqual([45, 50]);
  });
});

describe('BucketRing advance', () => {
  it('keeps what is still in the ring after a jump one bucket shorter than the ring', () => {
    const ring = minuteRing(T0, [10]);
    ring.add(T0, 1, 1);
    ring.advance(T0 + 9 * MIN); // the 12:00 bucket is now the oldest of 10
    expect(ring.windowTotal(0)).toBe(1);
    ring.advance(T0 + 10 * MIN);
    expect(ring.windowTotal(0)).toBe(0);
  });

  it('clears everything on a jump as long as the ring', () => {
    const ring = minuteRing(T0, [10, 5]);
    for (let m = 0; m < 5; m++) ring.add(T0 - m * MIN, 1, 2);
    ring.advance(T0 + 10 * MIN + 30_000);
    expect([ring.windowTotal(0), ring.windowTotal(1)]).toEqual([0, 0]);
    expect(ring.headMs).toBe(T0 + 10 * MIN);
    ring.add(T0 + 10 * MIN, 3, 4);
    expect([ring.windowGood(0), ring.windowTotal(0)]).toEqual([3, 4]);
  });

  it('never moves backwards', () => {
    const ring = minuteRing(T0 + 5 * MIN);
    ring.add(T0 + 5 * MIN, 1, 1);
    ring.advance(T0);
    expect(ring.headMs).toBe(T0 + 5 * MIN);
    expect(ring.windowTotal(0)).toBe(1);
  });

  it('returns window sums to exactly 0 when the last non-empty bucket leaves, whatever the float noise', () => {
    const ring = minuteRing(T0, [3]);
    ring.add(T0, 0.1, 0.1);
    ring.add(T0, 0.2, 0.2);
    ring.add(T0 - MIN, 0.7, 0.7);
    ring.advance(T0 + 3 * MIN);
    expect(ring.windowTotal(0)).toBe(0);
    expect(ring.windowGood(0)).toBe(0);
  });
});

describe('BucketRing resync', () => {
  it('recomputes the same sums as the running ones, for windows in any order', () => {
    const ring = new BucketRing({ stepMs: MIN, size: 60, windowBuckets: [30, 5, 60, 1], nowMs: T0 });
    for (let m = 0; m < 200; m++) {
      ring.advance(T0 + m * MIN);
      ring.add(T0 + m * MIN, m % 7, 10);
      if (m % 3 === 0) ring.add(T0 + (m - 2) * MIN, 1, 1);
    }
    const running = [0, 1, 2, 3].map((k) => [ring.windowGood(k), ring.windowTotal(k)]);
    ring.resync();
    const exact = [0, 1, 2, 3].map((k) => [ring.windowGood(k), ring.windowTotal(k)]);
    expect(running).toEqual(exact);
    // Last minute m=199: 199 % 7 = 3 good of 10, plus nothing late into it (199 % 3 != 0).
    expect(exact[3]).toEqual([3, 10]);
  });

  it('clears the drift of fractional data', () => {
    const ring = new BucketRing({ stepMs: MIN, size: 60, windowBuckets: [60], nowMs: T0 });
    for (let m = 0; m < 600; m++) {
      ring.advance(T0 + m * MIN);
      ring.add(T0 + m * MIN, 0.1, 0.3);
    }
    ring.resync();
    // 60 buckets of 0.3 summed in ring order: close to 18, and equal to a fresh sum of the same values.
    let fresh = 0;
    for (let i = 0; i < 60; i++) fresh += 0.3;
    expect(ring.windowTotal(0)).toBe(fresh);
    expect(ring.windowTotal(0)).toBeCloseTo(18, 10);
  });
});

describe('BucketRing storage', () => {
  it('keeps every count exact as buckets outgrow 16 and 32 bits or receive fractions', () => {
    const ring = new BucketRing({ stepMs: MIN, size: 4, windowBuckets: [4, 1], nowMs: T0 + 3 * MIN });
    ring.add(T0, 65_535, 65_535); // fits 16 bits
    const small = ring.byteLength;
    ring.add(T0 + MIN, 70_000, 70_001); // needs 32 bits
    ring.add(T0 + 2 * MIN, 5e9, 5e9 + 1); // needs more than 32 bits
    ring.add(T0 + 3 * MIN, 0.25, 0.5); // a fraction (a Prometheus increase)
    ring.add(T0, 1, 1); // the first bucket again, after widening
    ring.resync(); // sums read back from the stored buckets
    expect([ring.windowGood(0), ring.windowTotal(0)]).toEqual([
      65_536 + 70_000 + 5e9 + 0.25,
      65_536 + 70_001 + 5e9 + 1 + 0.5,
    ]);
    expect([ring.windowGood(1), ring.windowTotal(1)]).toEqual([0.25, 0.5]);
    expect(ring.byteLength).toBeGreaterThan(small);
  });

  it('holds whole counts in a quarter of the bytes of 64-bit buckets', () => {
    const ring = new BucketRing({ stepMs: MIN, size: 360, windowBuckets: [5], nowMs: T0 });
    ring.add(T0, 900, 1000);
    // 360 buckets × (good, total) × 2 bytes, plus one window's good, total and filled buckets (3 × 8).
    expect(ring.byteLength).toBe(360 * 2 * 2 + 24);
  });

  it('sums what a 64-bit ring would, whatever mix of counts and fractions arrives', () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 0, max: 2 ** 34 }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
    );
    const step = fc.record({ minute: fc.integer({ min: 0, max: 19 }), bad: value, good: value });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const ring = new BucketRing({ stepMs: MIN, size: 20, windowBuckets: [20, 3], nowMs: T0 + 19 * MIN });
        const reference = new Float64Array(40);
        for (const { minute, good, bad } of steps) {
          const total = good + bad;
          ring.add(T0 + minute * MIN, good, total);
          reference[2 * minute] = (reference[2 * minute] as number) + good;
          reference[2 * minute + 1] = (reference[2 * minute + 1] as number) + total;
        }
        ring.resync();
        const sum = (from: number, index: number) => {
          let total = 0;
          for (let m = 19; m >= from; m--) total += reference[2 * m + index] as number;
          return total;
        };
        expect([ring.windowGood(0), ring.windowTotal(0)]).toEqual([sum(0, 0), sum(0, 1)]);
        expect([ring.windowGood(1), ring.windowTotal(1)]).toEqual([sum(17, 0), sum(17, 1)]);
      }),
    );
  });
});
