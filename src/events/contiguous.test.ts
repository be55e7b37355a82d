import { describe, expect, it } from 'vitest';
import { takeContiguous } from './contiguous.ts';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const noGap = { gapSinceMs: null };

describe('takeContiguous', () => {
  it('takes every row when the ids follow the head', () => {
    expect(
      takeContiguous({ rows: rows(11, 12, 13), headId: 10, gap: noGap, nowMs: 0, graceMs: 5000 }),
    ).toEqual({
      taken: rows(11, 12, 13),
      headId: 13,
      gap: noGap,
    });
  });

  it('stops before a missing id (a transaction not yet committed) and remembers since when', () => {
    const first = takeContiguous({ rows: rows(11, 13), headId: 10, gap: noGap, nowMs: 1000, graceMs: 5000 });
    expect(first).toEqual({ taken: rows(11), headId: 11, gap: { gapSinceMs: 1000 } });
    // The missing row committed: everything follows.
    const filled = takeContiguous({
      rows: rows(12, 13),
      headId: 11,
      gap: first.gap,
      nowMs: 2000,
      graceMs: 5000,
    });
    expect(filled).toEqual({ taken: rows(12, 13), headId: 13, gap: noGap });
  });

  it('steps over a missing id once it has been missing for the grace period (a rolled-back insert)', () => {
    const waiting = takeContiguous({
      rows: rows(13),
      headId: 11,
      gap: { gapSinceMs: 1000 },
      nowMs: 5999,
      graceMs: 5000,
    });
    expect(waiting.taken).toEqual([]);
    expect(waiting.headId).toBe(11);
    const stepped = takeContiguous({
      rows: rows(13, 14),
      headId: 11,
      gap: { gapSinceMs: 1000 },
      nowMs: 6000,
      graceMs: 5000,
    });
    expect(stepped).toEqual({ taken: rows(13, 14), headId: 14, gap: noGap });
  });
});
