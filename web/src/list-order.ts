/** How the pages and incidents lists are ordered and filtered. Pure: tested beside it. */

type PageStatus = 'triggered' | 'acknowledged' | 'resolved';

export const pageFilters = {
  all: 'Open first, then recent',
  open: 'Open (triggered or acknowledged)',
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
} as const;
export type PageFilter = keyof typeof pageFilters;

export function isPageFilter(value: string | null): value is PageFilter {
  return value !== null && Object.hasOwn(pageFilters, value);
}

const pageRank: Record<PageStatus, number> = { triggered: 0, acknowledged: 1, resolved: 2 };

/** Pages in the filter: triggered, then acknowledged, then resolved, each newest (highest id) first. */
export function pagesInFilter<T extends { id: number; status: PageStatus }>(
  pages: readonly T[],
  filter: PageFilter,
): T[] {
  return pages
    .filter((page) =>
      filter === 'all' ? true : filter === 'open' ? page.status !== 'resolved' : page.status === filter,
    )
    .sort((a, b) => pageRank[a.status] - pageRank[b.status] || b.id - a.id);
}

/** Open incidents first, most severe (SEV1) first, then resolved ones; newest first within each. */
export function incidentsOpenFirst<T extends { id: number; status: string; severity: string }>(
  incidents: readonly T[],
): T[] {
  const resolved = (i: T) => (i.status === 'resolved' ? 1 : 0);
  return [...incidents].sort(
    (a, b) =>
      resolved(a) - resolved(b) ||
      (resolved(a) === 0 ? a.severity.localeCompare(b.severity) : 0) ||
      b.id - a.id,
  );
}
