import { describe, expect, it } from 'vitest';
import { alignEvaluation, planRange } from './plan-range.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('planRange', () => {
  it('splits a 30-day backfill at 1m into chunks of at most 11,000 points', () => {
    // 30d / 1m = 43,200 buckets = 11,000 + 11,000 + 11,000 + 10,200.
    const chunks = planRange({ fromMs: 0, toMs: 30 * DAY, stepMs: MINUTE });

    expect(chunks).toEqual([
      { startMs: MINUTE, endMs: 11_000 * MINUTE },
      { startMs: 11_001 * MINUTE, endMs: 22_000 * MINUTE },
      { startMs: 22_001 * MINUTE, endMs: 33_000 * MINUTE },
      { startMs: 33_001 * MINUTE, endMs: 43_200 * MINUTE },
    ]);
    for (const chunk of chunks)
      expect((chunk.endMs - chunk.startMs) / MINUTE + 1).toBeLessThanOrEqual(11_000);
  });

  it('keeps only whole buckets of an unaligned range', () => {
    // [0:30, 5:10] holds the whole buckets starting 1:00, 2:00, 3:00 and 4:00, evaluated at 2:00 ... 5:00.
    const chunks = planRange({ fromMs: 30_000, toMs: 5 * MINUTE + 10_000, stepMs: MINUTE });

    expect(chunks).toEqual([{ startMs: 2 * MINUTE, endMs: 5 * MINUTE }]);
  });

  it('plans nothing for a range shorter than one bucket', () => {
    expect(planRange({ fromMs: 10_000, toMs: 70_000, stepMs: MINUTE })).toEqual([]);
  });

  it('honours a smaller point budget', () => {
    const chunks = planRange({ fromMs: 0, toMs: 5 * MINUTE, stepMs: MINUTE, maxPoints: 2 });

    expect(chunks).toEqual([
      { startMs: MINUTE, endMs: 2 * MINUTE },
      { startMs: 3 * MINUTE, endMs: 4 * MINUTE },
      { startMs: 5 * MINUTE, endMs: 5 * MINUTE },
    ]);
  });
});

describe('alignEvaluation', () => {
  it('goes back to the last step boundary', () => {
    expect(alignEvaluation(10 * MINUTE + 59_999, MINUTE)).toBe(10 * MINUTE);
    expect(alignEvaluation(10 * MINUTE, MINUTE)).toBe(10 * MINUTE);
  });
});
