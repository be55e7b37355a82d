import type { Slo } from '../specs/index.ts';
import { SliSeries } from './sli-series.ts';

/** One persisted 1-minute bucket. */
export interface PersistedBucket {
  timeMs: number;
  good: number;
  total: number;
}

/**
 * Rebuilds a series from persisted 1-minute buckets in time order, as the live path would have built it:
 * the series starts at the first bucket (so time slices seal as they did live) and is advanced before
 * each add. Equal to the live series when the live path added data at the same bucket times.
 */
export function replaySeries(options: {
  slo: Slo;
  buckets: Iterable<PersistedBucket>;
  nowMs: number;
}): SliSeries {
  let series: SliSeries | undefined;
  for (const bucket of options.buckets) {
    series ??= new SliSeries({ slo: options.slo, nowMs: bucket.timeMs });
    series.advance(bucket.timeMs);
    series.add(bucket.timeMs, bucket.good, bucket.total);
  }
  series ??= new SliSeries({ slo: options.slo, nowMs: options.nowMs });
  series.advance(options.nowMs);
  return series;
}
