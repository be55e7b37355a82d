import type { Series } from './response.ts';

/** Good and total events of one group in one bucket [timeMs, timeMs + stepMs). */
export interface SliSample {
  /** Only the indicator's groupBy labels; `{}` when it has none. */
  labels: Record<string, string>;
  /** Bucket start, epoch milliseconds. */
  timeMs: number;
  good: number;
  total: number;
}

export interface CombineInput {
  groupBy: readonly string[];
  stepMs: number;
  total: Series[];
  /** What the second query counts: bad events (errorQuery) or good events (goodQuery). */
  counts: 'error' | 'good';
  other: Series[];
}

type Rates = Map<string, { labels: Record<string, string>; byTime: Map<number, number> }>;

/**
 * Pairs total and error (or good) series by their groupBy labels and turns per-second rates at each
 * evaluation time into event counts for the bucket that ends there. A group's total with no matching
 * error series means no errors: `sum(rate(x{code=~"5.."}[1m]))` is an empty vector, not 0, when
 * nothing failed. A missing total means no data for that group and bucket.
 */
export function combineSeries(input: CombineInput): SliSample[] {
  const totals = sumByGroup(input.total, input.groupBy);
  const others = sumByGroup(input.other, input.groupBy);
  const stepSeconds = input.stepMs / 1000;
  const samples: (SliSample & { key: string })[] = [];
  for (const [key, group] of totals) {
    for (const [evaluatedMs, totalRate] of group.byTime) {
      // Queries return rates (as Sloth's do), so counts are rate x bucket length; ratios are unaffected.
      const total = Math.max(0, totalRate) * stepSeconds;
      const other = clamp((others.get(key)?.byTime.get(evaluatedMs) ?? 0) * stepSeconds, 0, total);
      const good = input.counts === 'error' ? total - other : other;
      samples.push({ key, labels: group.labels, timeMs: evaluatedMs - input.stepMs, good, total });
    }
  }
  samples.sort((a, b) => a.timeMs - b.timeMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return samples.map(({ key: _key, ...sample }) => sample);
}

// Several series of one group (say the query keeps a `code` label) add up, as `sum by (groupBy)` would.
function sumByGroup(series: Series[], groupBy: readonly string[]): Rates {
  const groups: Rates = new Map();
  for (const one of series) {
    const labels = Object.fromEntries(groupBy.map((name) => [name, one.labels[name] ?? '']));
    const key = JSON.stringify(groupBy.map((name) => labels[name]));
    let group = groups.get(key);
    if (!group) {
      group = { labels, byTime: new Map() };
      groups.set(key, group);
    }
    for (const point of one.points) {
      group.byTime.set(point.timeMs, (group.byTime.get(point.timeMs) ?? 0) + point.value);
    }
  }
  return groups;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
