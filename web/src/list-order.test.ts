import { describe, expect, it } from 'vitest';
import { incidentsOpenFirst, isPageFilter, pagesInFilter } from './list-order.ts';

const pages = [
  { id: 1, status: 'resolved' as const },
  { id: 2, status: 'acknowledged' as const },
  { id: 3, status: 'triggered' as const },
  { id: 4, status: 'resolved' as const },
  { id: 5, status: 'triggered' as const },
];

describe('list order', () => {
  it('shows firing pages first, then acknowledged, then the recent resolved ones', () => {
    expect(pagesInFilter(pages, 'all').map((p) => p.id)).toEqual([5, 3, 2, 4, 1]);
    expect(pagesInFilter(pages, 'open').map((p) => p.id)).toEqual([5, 3, 2]);
    expect(pagesInFilter(pages, 'resolved').map((p) => p.id)).toEqual([4, 1]);
  });

  it('reads only the known filters from the address', () => {
    expect(isPageFilter('open')).toBe(true);
    expect(isPageFilter('toString')).toBe(false);
    expect(isPageFilter(null)).toBe(false);
  });

  it('puts open incidents first, the most severe on top, resolved ones after, newest first', () => {
    const incidents = [
      { id: 1, status: 'resolved', severity: 'SEV1' },
      { id: 2, status: 'investigating', severity: 'SEV3' },
      { id: 3, status: 'monitoring', severity: 'SEV1' },
      { id: 4, status: 'resolved', severity: 'SEV4' },
      { id: 5, status: 'identified', severity: 'SEV3' },
    ];
    expect(incidentsOpenFirst(incidents).map((i) => i.id)).toEqual([3, 5, 2, 4, 1]);
  });
});
