import { describe, expect, it } from 'vitest';
import { makeSilence } from '../testing/alerting-fixtures.ts';
import { activeSilences, silencedBy } from './silences.ts';

const orders = { label: 'service', op: '=', value: 'orders' } as const;
const maintenance = makeSilence('orders-maintenance', [orders], { startMs: 1_000, endMs: 2_000 });
const labels = { alertname: 'HighErrorRate', service: 'orders' };

describe('silences', () => {
  it('are active from their start (included) to their end (excluded)', () => {
    expect(activeSilences([maintenance], 999)).toEqual([]);
    expect(activeSilences([maintenance], 1_000)).toEqual([maintenance]);
    expect(activeSilences([maintenance], 1_999)).toEqual([maintenance]);
    expect(activeSilences([maintenance], 2_000)).toEqual([]);
  });

  it('silence alerts whose labels match, only while active', () => {
    expect(silencedBy(labels, [maintenance], 1_500)).toBe(maintenance);
    expect(silencedBy(labels, [maintenance], 2_000)).toBeNull();
    expect(silencedBy({ service: 'payments' }, [maintenance], 1_500)).toBeNull();
  });

  it('name the longest-lasting silence when several match', () => {
    const longer = makeSilence('orders-freeze', [orders], { startMs: 0, endMs: 5_000 });
    const sameEnd = makeSilence('a-freeze', [orders], { startMs: 0, endMs: 5_000 });
    expect(silencedBy(labels, [maintenance, longer], 1_500)).toBe(longer);
    expect(silencedBy(labels, [maintenance, longer, sameEnd], 1_500)).toBe(sameEnd);
  });

  it('never silence everything through an empty matcher list', () => {
    const empty = makeSilence('everything', [], { startMs: 0, endMs: 5_000 });
    expect(silencedBy(labels, [empty], 1_500)).toBeNull();
  });
});
