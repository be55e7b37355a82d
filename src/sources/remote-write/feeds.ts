import { pushTo } from '../../core/collections.ts';
import type { Model, Slo } from '../../specs/index.ts';
import { type CounterSelector, parseCounterQuery, selects } from './selector.ts';

/** An SLO whose good/total the receiver computes from the counters it is sent. */
export interface RemoteWriteFeed {
  spec: Slo;
  total: CounterSelector;
  /** Exactly one of error / good, as in the indicator. */
  error?: CounterSelector;
  good?: CounterSelector;
  groupBy: string[];
}

export interface RemoteWritePlan {
  feeds: RemoteWriteFeed[];
  /** The feeds by the metric name their total selector names, so a series is checked against few feeds. */
  feedsByMetric: Map<string, RemoteWriteFeed[]>;
  /** SLOs of a remote-write data source whose queries the receiver cannot evaluate: they stay polled. */
  polled: { slo: string; reason: string }[];
}

const plans = new WeakMap<Model, RemoteWritePlan>();

/** Which SLOs remote-write feeds in `model` (computed once per model). */
export function remoteWritePlan(model: Model): RemoteWritePlan {
  const cached = plans.get(model);
  if (cached) return cached;
  const plan: RemoteWritePlan = { feeds: [], feedsByMetric: new Map(), polled: [] };
  const remoteWriteSources = new Set(
    model.dataSources.filter((source) => source.remoteWrite === true).map((source) => source.name),
  );
  for (const spec of model.slos) {
    if (spec.indicator.kind !== 'prometheus' || !remoteWriteSources.has(spec.indicator.source)) continue;
    const feed = feedOf(spec);
    if ('reason' in feed) plan.polled.push({ slo: spec.name, reason: feed.reason });
    else plan.feeds.push(feed);
  }
  for (const feed of plan.feeds) {
    const metric = feed.total.matchers.find((one) => one.name === '__name__' && one.op === '=')?.value ?? '';
    pushTo(plan.feedsByMetric, metric, feed);
  }
  plans.set(model, plan);
  return plan;
}

/**
 * The feeds of one metric, indexed by the label most of them match with `=` (usually `service` or `job`),
 * so a series is tested against the few feeds its value of that label names, not every feed of its metric.
 */
interface MetricIndex {
  label: string | undefined;
  byValue: Map<string, RemoteWriteFeed[]>;
  /** Feeds with no `=` matcher on `label`: tested against every series of the metric. */
  others: RemoteWriteFeed[];
}

const indexes = new WeakMap<RemoteWritePlan, Map<string, MetricIndex>>();

function metricIndex(feeds: RemoteWriteFeed[]): MetricIndex {
  const counts = new Map<string, number>();
  for (const feed of feeds) {
    for (const m of feed.total.matchers) {
      if (m.op === '=' && m.name !== '__name__') counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    }
  }
  const label = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const index: MetricIndex = { label, byValue: new Map(), others: [] };
  for (const feed of feeds) {
    const value = feed.total.matchers.find((m) => m.op === '=' && m.name === label)?.value;
    if (value === undefined) index.others.push(feed);
    else pushTo(index.byValue, value, feed);
  }
  return index;
}

/** The feeds a series with `labels` may contribute to (a superset: `contribution` decides). */
export function candidateFeeds(plan: RemoteWritePlan, labels: Record<string, string>): RemoteWriteFeed[] {
  let byMetric = indexes.get(plan);
  if (!byMetric) {
    byMetric = new Map([...plan.feedsByMetric].map(([metric, feeds]) => [metric, metricIndex(feeds)]));
    indexes.set(plan, byMetric);
  }
  const index = byMetric.get(labels.__name__ ?? '');
  if (!index) return [];
  if (index.label === undefined) return index.others;
  const named = index.byValue.get(labels[index.label] ?? '') ?? [];
  return index.others.length === 0 ? named : [...named, ...index.others];
}

const fedSpecs = new WeakMap<RemoteWritePlan, ReadonlySet<string>>();

/**
 * True when remote-write feeds the spec, so polling must skip it (no double counting). A set per plan:
 * every poll asks this for every spec, and a scan of the feeds made that quadratic (10,000 SLOs: 10⁸
 * comparisons every tick, most of a remote-write-fed server's CPU).
 */
export function isFedByRemoteWrite(model: Model, specName: string): boolean {
  const plan = remoteWritePlan(model);
  let names = fedSpecs.get(plan);
  if (!names) {
    names = new Set(plan.feeds.map((feed) => feed.spec.name));
    fedSpecs.set(plan, names);
  }
  return names.has(specName);
}

function feedOf(spec: Slo): RemoteWriteFeed | { reason: string } {
  if (spec.indicator.kind !== 'prometheus') return { reason: 'not a prometheus indicator' };
  const { totalQuery, errorQuery, goodQuery, groupBy } = spec.indicator;
  const parts: [string, string | undefined][] = [
    ['totalQuery', totalQuery],
    ['errorQuery', errorQuery],
    ['goodQuery', goodQuery],
  ];
  const selectors: Record<string, CounterSelector> = {};
  for (const [field, query] of parts) {
    if (query === undefined) continue;
    const parsed = parseCounterQuery(query);
    if (!parsed.ok) return { reason: `${field}: ${parsed.reason}` };
    if (!sameLabels(parsed.selector.by, groupBy)) {
      const want = groupBy.length > 0 ? `sum by (${groupBy.join(', ')})` : 'a sum without by (…)';
      return { reason: `${field}: expected ${want}, as the SLO's groupBy says` };
    }
    selectors[field] = parsed.selector;
  }
  return {
    spec,
    total: selectors.totalQuery as CounterSelector,
    ...(selectors.errorQuery ? { error: selectors.errorQuery } : {}),
    ...(selectors.goodQuery ? { good: selectors.goodQuery } : {}),
    groupBy,
  };
}

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((label) => b.includes(label));
}

/**
 * What one counter increase of a series adds to a feed: to total when the total selector picks the series;
 * to good when the good selector picks it, or (error form) when the error selector does not. Good is
 * counted only inside total, so good ≤ total holds per minute.
 */
export function contribution(
  feed: RemoteWriteFeed,
  labels: Record<string, string>,
): { good: boolean } | undefined {
  if (!selects(feed.total, labels)) return undefined;
  if (feed.error) return { good: !selects(feed.error, labels) };
  return { good: feed.good ? selects(feed.good, labels) : false };
}
