import { seriesKey } from './counters.ts';
import { candidateFeeds, contribution, type RemoteWriteFeed, type RemoteWritePlan } from './feeds.ts';
import { SeriesCache } from './series-cache.ts';
import { nameKey, type ScannedWriteRequest } from './write-request-reader.ts';

/** What a series adds to: the SLO instances it feeds, good or not. */
export interface SeriesDecision {
  /** The CounterMemory key: the same for the same labels however they were ordered. */
  seriesKey: string;
  parts: { feed: RemoteWriteFeed; slo: string; groupLabels: Record<string, string>; good: boolean }[];
}

/** A series of a request that feeds at least one SLO, by its index in the request. */
export interface WantedSeries {
  index: number;
  decision: SeriesDecision;
}

/** The instance of `feed`'s SLO for these groupBy label values (the engine names them). */
export type InstanceNamer = (feed: RemoteWriteFeed, groupLabels: Record<string, string>) => string;

/**
 * Which series of a request feed which SLOs, under one plan (a reload makes a new one). A series whose
 * metric no SLO reads is skipped by its name alone; the others are decided once per label bytes and
 * remembered, so a series sent again is neither decoded nor matched again.
 */
export class SeriesDecisions {
  /** `nameKey` of every metric a feed reads. */
  private readonly metricNames: Set<string>;
  private readonly bySeries = new SeriesCache<SeriesDecision>();

  constructor(
    readonly plan: RemoteWritePlan,
    private readonly instanceName: InstanceNamer,
  ) {
    this.metricNames = new Set([...plan.feedsByMetric.keys()].map(nameKey));
  }

  /** The series of `request` that feed an SLO; a label that is not UTF-8 is `invalid_input`. */
  wanted(request: ScannedWriteRequest): WantedSeries[] {
    const wanted: WantedSeries[] = [];
    for (let index = 0; index < request.seriesCount; index++) {
      if (!request.hasSamples(index) || !this.metricNames.has(request.nameKey(index))) continue;
      const key = request.labelsKey(index);
      let decision = key === undefined ? undefined : this.bySeries.get(key);
      if (decision === undefined) {
        decision = this.decide(request.labels(index));
        if (key !== undefined) this.bySeries.set(key, decision);
      }
      if (decision.parts.length > 0) wanted.push({ index, decision });
    }
    return wanted;
  }

  private decide(labels: Record<string, string>): SeriesDecision {
    const parts: SeriesDecision['parts'] = [];
    for (const feed of candidateFeeds(this.plan, labels)) {
      const part = contribution(feed, labels);
      if (!part) continue;
      const groupLabels = Object.fromEntries(feed.groupBy.map((label) => [label, labels[label] ?? '']));
      parts.push({ feed, slo: this.instanceName(feed, groupLabels), groupLabels, good: part.good });
    }
    return { seriesKey: parts.length > 0 ? seriesKey(labels) : '', parts };
  }
}
