import { describe, expect, it } from 'vitest';
import { createLiveChanges, type SloStatusChange } from './live-changes.ts';

const change = (slo: string): SloStatusChange => ({
  slo,
  service: 'checkout',
  status: 'warning',
  previous: 'healthy',
  budgetRemaining: 0.4,
  atMs: 0,
});

describe('live changes', () => {
  it('numbers SLO changes and hands back those after a sequence number', () => {
    const live = createLiveChanges(3);
    const heard: number[] = [];
    live.onSloChange((entry) => heard.push(entry.seq));
    live.publishSloChanges([change('a'), change('b')]);
    expect(live.sloSeq).toBe(2);
    expect(heard).toEqual([1, 2]);
    expect(live.sloChangesAfter(0)?.map((e) => e.change.slo)).toEqual(['a', 'b']);
    expect(live.sloChangesAfter(1)?.map((e) => e.seq)).toEqual([2]);
    expect(live.sloChangesAfter(2)).toEqual([]);
  });

  it('says when the ring no longer holds everything after a sequence number', () => {
    const live = createLiveChanges(3);
    live.publishSloChanges(['a', 'b', 'c', 'd', 'e'].map(change));
    // Holds 3, 4, 5: after 2 is complete, after 1 misses change 2.
    expect(live.sloChangesAfter(2)?.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(live.sloChangesAfter(1)).toBeUndefined();
  });

  it('differs in boot id from one start to the next', () => {
    expect(createLiveChanges().bootId).not.toBe(createLiveChanges().bootId);
  });
});
