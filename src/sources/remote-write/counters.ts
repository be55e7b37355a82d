/** Samples of one request, not yet remembered. */
export type PendingSamples = Map<string, { timeMs: number; value: number }>;

/** The last sample seen of each counter series, to turn cumulative values into increases. */
export class CounterMemory {
  private readonly last = new Map<string, { timeMs: number; value: number }>();

  /**
   * The increase since the series' previous sample, as Prometheus' `increase` sees it: a lower value is a
   * reset, so the new value is the increase. `undefined` for the first sample of a series, a sample not
   * newer than the last one (out of order or resent), or a value that is not a finite number ≥ 0 (stale
   * markers are NaN). The sample goes into `pending`; `commit` remembers it once its increase is stored.
   */
  increase(series: string, timeMs: number, value: number, pending: PendingSamples): number | undefined {
    const previous = pending.get(series) ?? this.last.get(series);
    if (!Number.isFinite(value) || value < 0) return undefined;
    if (previous && timeMs <= previous.timeMs) return undefined;
    pending.set(series, { timeMs, value });
    if (!previous) return undefined;
    return value < previous.value ? value : value - previous.value;
  }

  /** Remembers the samples of a request once what they counted is stored. */
  commit(pending: PendingSamples): void {
    for (const [series, sample] of pending) this.last.set(series, sample);
  }

  /** Forgets series last seen before `timeMs` (gone pods, old label values), so memory follows live series. */
  forgetBefore(timeMs: number): void {
    for (const [series, sample] of this.last) if (sample.timeMs < timeMs) this.last.delete(series);
  }

  get size(): number {
    return this.last.size;
  }
}

/** A stable key for a label set (names sorted). */
export function seriesKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join('\u0001');
}
