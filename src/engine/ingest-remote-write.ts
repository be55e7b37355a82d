import type { EngineContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import {
  CounterMemory,
  candidateFeeds,
  contribution,
  decompressSnappy,
  nameKey,
  type PendingSamples,
  type RemoteWriteFeed,
  type RemoteWritePlan,
  remoteWritePlan,
  type ScannedWriteRequest,
  SeriesCache,
  scanWriteRequest,
  seriesKey,
} from '../sources/remote-write/index.ts';
import { MAX_FUTURE_SKEW_MS, MAX_MINUTE_COUNT } from './ingest-events.ts';
import { addGroupInstance } from './restore-instances.ts';
import { aggregateByMinute, applyToSeries, type SliPoint } from './sli-points.ts';
import { instanceName } from './slo-engine.ts';
import { addSliBuckets, MinuteTotalExceeded } from './store.ts';

/**
 * The receiver's memory: the last sample of every counter it counts, what it decided about each series it
 * was sent (per model), and the requests waiting to be counted. Requests are counted one group after
 * another (two counted at once could count the same increase twice); the memory is not persisted, so after
 * a restart each series' first sample only sets its baseline (a gap of one scrape interval).
 */
export interface RemoteWriteReceiver {
  memory: CounterMemory;
  /** When series unseen for FORGET_AFTER_MS were last forgotten. */
  forgotAtMs: number;
  waiting: WaitingRequest[];
  draining: boolean;
  logged: WeakSet<RemoteWritePlan>;
  decisions: PlanDecisions | undefined;
}

/** What a series of a metric some SLO reads adds to: its SLO instances, good or not. */
interface SeriesDecision {
  /** The CounterMemory key: the same for the same labels however they were ordered. */
  seriesKey: string;
  parts: { feed: RemoteWriteFeed; slo: string; groupLabels: Record<string, string>; good: boolean }[];
}

/** Decisions hold for one plan (one model): a reload starts afresh. */
interface PlanDecisions {
  plan: RemoteWritePlan;
  /** `nameKey` of every metric a feed reads: any other series is skipped undecoded. */
  metricNames: Set<string>;
  bySeries: SeriesCache<SeriesDecision>;
}

/** A series of a request that feeds at least one SLO. */
interface WantedSeries {
  index: number;
  decision: SeriesDecision;
}

interface WaitingRequest {
  request: ScannedWriteRequest;
  wanted: WantedSeries[];
  plan: RemoteWritePlan;
  resolve(result: RemoteWriteResult): void;
  reject(error: unknown): void;
}

/** Requests that arrive while a transaction is open share the next one (group commit), this many at most. */
const MAX_GROUP_REQUESTS = 64;

/** A series silent this long is forgotten: far past Prometheus' 5-minute staleness, so it has ended. */
export const FORGET_AFTER_MS = 60 * 60_000;

export function newRemoteWriteReceiver(): RemoteWriteReceiver {
  return {
    memory: new CounterMemory(),
    forgotAtMs: 0,
    waiting: [],
    draining: false,
    logged: new WeakSet(),
    decisions: undefined,
  };
}

export interface RemoteWriteResult {
  series: number;
  samples: number;
}

/**
 * Counts a snappy-compressed WriteRequest into the SLOs it feeds: counter increases per series, good and
 * total per minute, stored durably before it resolves. Requests waiting together commit in one
 * transaction. Malformed bodies are `invalid_input`, refused before anything of them is counted.
 */
export async function ingestRemoteWrite({
  ctx,
  receiver,
  body,
}: {
  ctx: EngineContext;
  receiver: RemoteWriteReceiver;
  body: Uint8Array;
}): Promise<RemoteWriteResult> {
  const request = scanWriteRequest(decompressSnappy(body));
  const plan = remoteWritePlan(ctx.engine.model);
  const wanted = wantedSeries(receiver, plan, request);
  const result = new Promise<RemoteWriteResult>((resolve, reject) => {
    receiver.waiting.push({ request, wanted, plan, resolve, reject });
  });
  if (!receiver.draining) void drain(ctx, receiver);
  return result;
}

async function drain(ctx: EngineContext, receiver: RemoteWriteReceiver): Promise<void> {
  receiver.draining = true;
  try {
    while (receiver.waiting.length > 0) {
      // A commit blocks the event loop (SQLite fsyncs in it): yield once first, so that requests already
      // received join this group instead of each waiting for a commit of its own.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const group = receiver.waiting.splice(0, MAX_GROUP_REQUESTS);
      if (group.length === 1) {
        await countAndStore(ctx, receiver, group).catch(group[0]?.reject);
        continue;
      }
      const failed = await countAndStore(ctx, receiver, group).then(
        () => false,
        () => true,
      );
      // The shared transaction failed: count each alone, so only a request that fails by itself fails.
      if (failed) {
        for (const request of group) await countAndStore(ctx, receiver, [request]).catch(request.reject);
      }
    }
  } finally {
    receiver.draining = false;
  }
}

async function countAndStore(ctx: EngineContext, receiver: RemoteWriteReceiver, group: WaitingRequest[]) {
  const plan = remoteWritePlan(ctx.engine.model);
  logPolledOnce(ctx, receiver, plan);
  const nowMs = ctx.clock.now();
  for (const waiting of group) {
    // The model was reloaded while the request waited: decide its series by the model now in force.
    if (waiting.plan !== plan) waiting.wanted = wantedSeries(receiver, plan, waiting.request);
    waiting.plan = plan;
  }
  await addMissingInstances(ctx, group, nowMs);
  const pending: PendingSamples = new Map();
  const points: SliPoint[] = [];
  for (const { request, wanted } of group) {
    for (const one of wanted) countSeries({ receiver, request, one, pending, points, nowMs });
  }
  const minutes = aggregateByMinute(points);
  if (minutes.length > 0) {
    await ctx.db
      .transaction((tx) => addSliBuckets(tx, minutes, { maxMinuteTotal: MAX_MINUTE_COUNT }))
      .catch((error: unknown) => {
        if (!(error instanceof MinuteTotalExceeded)) throw error;
        throw new NinesError(
          'invalid_input',
          'a counter increase would count more than 1e15 events in one minute; nothing was stored',
        );
      });
  }
  receiver.memory.commit(pending);
  if (nowMs - receiver.forgotAtMs >= FORGET_AFTER_MS / 6) {
    receiver.memory.forgetBefore(nowMs - FORGET_AFTER_MS);
    receiver.forgotAtMs = nowMs;
  }
  applyToSeries(ctx.engine, minutes, ctx.clock.now());
  for (const { request, resolve } of group) {
    resolve({ series: request.seriesCount, samples: request.sampleCount });
  }
}

/**
 * The series of `request` that feed an SLO. A series whose metric no SLO reads is skipped by its name
 * alone; the others are decided once per label bytes and remembered, so a series sent again is not decoded.
 */
function wantedSeries(
  receiver: RemoteWriteReceiver,
  plan: RemoteWritePlan,
  request: ScannedWriteRequest,
): WantedSeries[] {
  const decisions = decisionsFor(receiver, plan);
  const wanted: WantedSeries[] = [];
  for (let index = 0; index < request.seriesCount; index++) {
    if (!request.hasSamples(index) || !decisions.metricNames.has(request.nameKey(index))) continue;
    const key = request.labelsKey(index);
    let decision = key === undefined ? undefined : decisions.bySeries.get(key);
    if (decision === undefined) {
      decision = decideSeries(plan, request.labels(index));
      if (key !== undefined) decisions.bySeries.set(key, decision);
    }
    if (decision.parts.length > 0) wanted.push({ index, decision });
  }
  return wanted;
}

function decisionsFor(receiver: RemoteWriteReceiver, plan: RemoteWritePlan): PlanDecisions {
  if (receiver.decisions?.plan !== plan) {
    const metricNames = new Set([...plan.feedsByMetric.keys()].map(nameKey));
    receiver.decisions = { plan, metricNames, bySeries: new SeriesCache() };
  }
  return receiver.decisions;
}

/** Which SLO instances a series with `labels` adds to, and whether as good. */
function decideSeries(plan: RemoteWritePlan, labels: Record<string, string>): SeriesDecision {
  const parts: SeriesDecision['parts'] = [];
  for (const feed of candidateFeeds(plan, labels)) {
    const part = contribution(feed, labels);
    if (!part) continue;
    const groupLabels = Object.fromEntries(feed.groupBy.map((label) => [label, labels[label] ?? '']));
    parts.push({ feed, slo: instanceName(feed.spec, groupLabels), groupLabels, good: part.good });
  }
  return { seriesKey: parts.length > 0 ? seriesKey(labels) : '', parts };
}

/** Creates the groupBy instances the group's series name for the first time (before anything is counted). */
async function addMissingInstances(
  ctx: EngineContext,
  group: WaitingRequest[],
  nowMs: number,
): Promise<void> {
  for (const { wanted } of group) {
    for (const { decision } of wanted) {
      for (const { feed, slo, groupLabels } of decision.parts) {
        if (feed.groupBy.length === 0 || ctx.engine.instances.has(slo)) continue;
        await addGroupInstance({
          db: ctx.db,
          engine: ctx.engine,
          spec: feed.spec,
          labels: groupLabels,
          nowMs,
        });
      }
    }
  }
}

/** Adds the increases of one series' samples to `points` for every SLO instance it feeds. */
function countSeries(options: {
  receiver: RemoteWriteReceiver;
  request: ScannedWriteRequest;
  one: WantedSeries;
  pending: PendingSamples;
  points: SliPoint[];
  nowMs: number;
}): void {
  const { receiver, request, one, pending, points, nowMs } = options;
  const samples = request.samples(one.index);
  if (samples.length > 1) samples.sort((a, b) => a.timestampMs - b.timestampMs);
  for (const sample of samples) {
    if (sample.timestampMs > nowMs + MAX_FUTURE_SKEW_MS) continue;
    const increase = receiver.memory.increase(
      one.decision.seriesKey,
      sample.timestampMs,
      sample.value,
      pending,
    );
    if (!increase) continue;
    const timeMs = Math.min(sample.timestampMs, nowMs);
    for (const { slo, good } of one.decision.parts) {
      points.push({ slo, timeMs, good: good ? increase : 0, total: increase });
    }
  }
}

function logPolledOnce(ctx: EngineContext, receiver: RemoteWriteReceiver, plan: RemoteWritePlan): void {
  if (receiver.logged.has(plan)) return;
  receiver.logged.add(plan);
  for (const one of plan.polled) {
    ctx.logger.warn(one, 'remote-write cannot evaluate this SLO query; it stays polled');
  }
}
