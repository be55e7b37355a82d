import { pushTo } from '../../core/collections.ts';
import { NinesError } from '../../core/errors.ts';
import type { Indicator, PrometheusDataSource } from '../../specs/index.ts';
import type { SliBatch } from './batch-plan.ts';
import { createPrometheusClient, type Env, type PrometheusClient } from './client.ts';
import { combineSeries, type SliSample } from './combine-series.ts';
import { fillWindow } from './fill-window.ts';
import { alignEvaluation, planRange } from './plan-range.ts';
import type { Series } from './response.ts';

export type PrometheusIndicator = Extract<Indicator, { kind: 'prometheus' }>;

export interface ReadSliOptions {
  source: PrometheusDataSource;
  indicator: PrometheusIndicator;
  /** Where `{env: NAME}` secrets in the source's headers are looked up. */
  env: Env;
  signal?: AbortSignal;
  /** Injected by tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

/**
 * Reads the bucket that ends at `endMs` (aligned down to the source's step) with two instant queries.
 * A bucket [t, t + step) is evaluated at t + step, so the same bucket read later by a range read matches.
 */
export async function readSliStep(options: ReadSliOptions & { endMs: number }): Promise<SliSample[]> {
  const { source, signal } = options;
  const evaluatedMs = alignEvaluation(options.endMs, source.stepMs);
  return readBuckets(options, source.stepMs, (client, expr) => client.query(expr, evaluatedMs, signal));
}

/** Reads every whole bucket inside [fromMs, toMs], in range queries of at most 11,000 points each. */
export async function readSliRange(
  options: ReadSliOptions & { fromMs: number; toMs: number; maxPointsPerQuery?: number },
): Promise<SliSample[]> {
  const samples: SliSample[] = [];
  // One chunk at a time: a backfill should not hit the Prometheus server with dozens of queries at once.
  for (const range of rangeChunks(options)) {
    samples.push(
      ...(await readBuckets(options, options.source.stepMs, (client, expr) =>
        client.queryRange(expr, range, options.signal),
      )),
    );
  }
  return samples;
}

/** The range queries, at most `maxPointsPerQuery` evaluation times each, that cover [fromMs, toMs]. */
function rangeChunks(options: ReadSliOptions & { fromMs: number; toMs: number; maxPointsPerQuery?: number }) {
  const { stepMs } = options.source;
  return planRange({
    fromMs: options.fromMs,
    toMs: options.toMs,
    stepMs,
    maxPoints: options.maxPointsPerQuery,
  }).map((chunk) => ({ ...chunk, stepMs }));
}

/**
 * Reads what the source counted in (fromMs, toMs] as one bucket, with the indicator's two instant queries
 * at `toMs` over that span: the provisional tail past the settled buckets. Samples are timed `fromMs`.
 */
export async function readSliTail(
  options: ReadSliOptions & { fromMs: number; toMs: number },
): Promise<SliSample[]> {
  const { signal, fromMs, toMs } = options;
  return readBuckets(options, toMs - fromMs, (client, expr) => client.query(expr, toMs, signal));
}

/** The tails of every member of `batch` (by spec id), from one paired instant query. */
export async function readSliTailBatch(
  options: ReadSliOptions & { batch: SliBatch; fromMs: number; toMs: number },
): Promise<Map<string, SliSample[]>> {
  const { source, batch, signal, fromMs, toMs } = options;
  const spanMs = toMs - fromMs;
  const client = createPrometheusClient({ source, env: options.env, fetch: options.fetch });
  const [total, other] = splitPaired(
    await client.query(fillWindow(pairedQuery(batch), spanMs), toMs, signal),
  );
  return byMember(options, spanMs, total, other);
}

/**
 * The members of `batch` (spec ids) with a group whose failing share of (fromMs, toMs] is at least
 * `ratio`, asked of Prometheus with one instant query that answers only those groups: in a healthy fleet,
 * nothing. The batch's queries must sum by the same labels (`batch.sameGroups`).
 */
export async function readNearTotalMembers(
  options: ReadSliOptions & { batch: SliBatch; fromMs: number; toMs: number; ratio: number },
): Promise<Set<string>> {
  const { source, indicator, batch, signal, fromMs, toMs, ratio } = options;
  if (!batch.sameGroups) {
    throw new NinesError('internal', 'a near-total read needs queries that sum by the same labels');
  }
  const client = createPrometheusClient({ source, env: options.env, fetch: options.fetch });
  const query = nearTotalQuery(batch, secondQuery(indicator).counts, ratio);
  const series = await client.query(fillWindow(query, toMs - fromMs), toMs, signal);
  const values = new Set(series.map((one) => one.labels[batch.label]));
  return new Set(batch.members.filter((member) => values.has(member.value)).map((member) => member.id));
}

/**
 * Reads the whole buckets inside [fromMs, toMs] of every member of `batch` with one paired query per range
 * chunk, and splits the answer back by the batch's label: each member gets the samples its own queries
 * would have given. `indicator` is any member's (they differ only in the label's value).
 */
export async function readSliRangeBatch(
  options: ReadSliOptions & { batch: SliBatch; fromMs: number; toMs: number; maxPointsPerQuery?: number },
): Promise<Map<string, SliSample[]>> {
  const { source, batch, signal } = options;
  const client = createPrometheusClient({ source, env: options.env, fetch: options.fetch });
  const total: Series[] = [];
  const other: Series[] = [];
  const paired = fillWindow(pairedQuery(batch), source.stepMs);
  for (const range of rangeChunks(options)) {
    const [totals, others] = splitPaired(await client.queryRange(paired, range, signal));
    pushAll(total, totals);
    pushAll(other, others);
  }
  return byMember(options, source.stepMs, total, other);
}

/**
 * A batch's answer split back by its label and counted per member: each member gets the samples its own
 * queries would have given, in buckets of `stepMs`. `indicator` is any member's.
 */
function byMember(
  { indicator, batch }: { indicator: PrometheusIndicator; batch: SliBatch },
  stepMs: number,
  total: Series[],
  other: Series[],
): Map<string, SliSample[]> {
  const [totalByValue, otherByValue] = [splitByLabel(total, batch), splitByLabel(other, batch)];
  const counts = secondQuery(indicator).counts;
  return new Map(
    batch.members.map((member) => [
      member.id,
      combineSeries({
        groupBy: indicator.groupBy,
        stepMs,
        total: totalByValue.get(member.value) ?? [],
        other: otherByValue.get(member.value) ?? [],
        counts,
      }),
    ]),
  );
}

/** Tells the halves of a paired query apart; dropped from the series before anything else sees them. */
const PART_LABEL = 'nines_part';

/**
 * A batch's total and second query as one expression (one request, one evaluation setup in Prometheus):
 * each half tagged by `PART_LABEL`, so `or` keeps every series of both. Batched queries are parsed counter
 * queries (`sum by (...) (rate(selector[w]))`), always instant vectors, which `label_replace` takes.
 */
function pairedQuery(batch: SliBatch): string {
  const tag = (query: string, part: string) => `label_replace(${query}, "${PART_LABEL}", "${part}", "", "")`;
  return `${tag(batch.total, 'total')} or ${tag(batch.second, 'second')}`;
}

/**
 * The groups of `batch` whose failing share is at least `ratio`: failing / total ≥ ratio, failing being
 * the second query (`error`) or total − good (`good`). A group with a total but no good series at all (a
 * service restarted into a full outage has no success counter yet) fails everything. Groups without events
 * (0 / 0) are left out. Prometheus matches the two queries series by series: they must sum by the same
 * labels (`batch.sameGroups`).
 */
function nearTotalQuery(batch: SliBatch, counts: 'error' | 'good', ratio: number): string {
  const [total, second] = [`(${batch.total})`, `(${batch.second})`];
  return counts === 'error'
    ? `${second} / ${total} >= ${ratio}`
    : `(${total} - ${second}) / ${total} >= ${ratio} or (${total} unless ${second}) > 0`;
}

/** The answer of a paired query split back into its total and second halves. */
function splitPaired(series: readonly Series[]): [Series[], Series[]] {
  const total: Series[] = [];
  const second: Series[] = [];
  for (const one of series) {
    const { [PART_LABEL]: part, ...labels } = one.labels;
    (part === 'total' ? total : second).push({ labels, points: one.points });
  }
  return [total, second];
}

function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** The series of each value of the batch's label, without the label when only the batch added it. */
function splitByLabel(series: Series[], batch: SliBatch): Map<string, Series[]> {
  const byValue = new Map<string, Series[]>();
  for (const one of series) {
    const value = one.labels[batch.label];
    if (value === undefined) continue;
    const labels = { ...one.labels };
    if (batch.labelAdded) delete labels[batch.label];
    pushTo(byValue, value, { labels, points: one.points });
  }
  return byValue;
}

/** The indicator's total and second queries over windows of `stepMs`, run by `run`, as buckets of it. */
async function readBuckets(
  options: ReadSliOptions,
  stepMs: number,
  run: (client: PrometheusClient, expr: string) => Promise<Series[]>,
): Promise<SliSample[]> {
  const { source, indicator } = options;
  const client = createPrometheusClient({ source, env: options.env, fetch: options.fetch });
  const second = secondQuery(indicator);
  const [total, other] = await Promise.all([
    run(client, fillWindow(indicator.totalQuery, stepMs)),
    run(client, fillWindow(second.query, stepMs)),
  ]);
  return combineSeries({
    groupBy: indicator.groupBy,
    stepMs,
    total,
    other,
    counts: second.counts,
  });
}

function secondQuery(indicator: PrometheusIndicator): { query: string; counts: 'error' | 'good' } {
  if (indicator.errorQuery !== undefined) return { query: indicator.errorQuery, counts: 'error' };
  if (indicator.goodQuery !== undefined) return { query: indicator.goodQuery, counts: 'good' };
  throw new NinesError(
    'invalid_config',
    `indicator on source "${indicator.source}" has neither errorQuery nor goodQuery`,
  );
}
