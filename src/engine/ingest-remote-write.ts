import type { EngineContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import {
  CounterMemory,
  contribution,
  decodeWriteRequest,
  type PendingSamples,
  type RemoteWriteFeed,
  type RemoteWritePlan,
  remoteWritePlan,
  seriesKey,
  type WriteSeries,
} from '../sources/remote-write/index.ts';
import { MAX_FUTURE_SKEW_MS, MAX_MINUTE_COUNT } from './ingest-events.ts';
import { addGroupInstance } from './restore-instances.ts';
import { aggregateByMinute, applyToSeries, type SliPoint } from './sli-points.ts';
import { instanceName } from './slo-engine.ts';
import { addSliBuckets, MinuteTotalExceeded } from './store.ts';

/**
 * The receiver's memory: the last sample of every counter it counts, and the requests waiting to be
 * counted. Requests are counted one group after another (two counted at once could count the same increase
 * twice); the memory is not persisted, so after a restart each series' first sample only sets its baseline
 * (a gap of one scrape interval).
 */
export interface RemoteWriteReceiver {
  memory: CounterMemory;
  /** When series unseen for FORGET_AFTER_MS were last forgotten. */
  forgotAtMs: number;
  waiting: WaitingRequest[];
  draining: boolean;
  logged: WeakSet<RemoteWritePlan>;
}

interface WaitingRequest {
  series: WriteSeries[];
  resolve(result: RemoteWriteResult): void;
  reject(error: unknown): void;
}

/** Requests that arrive while a transaction is open share the next one (group commit), this many at most. */
const MAX_GROUP_REQUESTS = 64;

/** A series silent this long is forgotten: far past Prometheus' 5-minute staleness, so it has ended. */
export const FORGET_AFTER_MS = 60 * 60_000;

export function newRemoteWriteReceiver(): RemoteWriteReceiver {
  return { memory: new CounterMemory(), forgotAtMs: 0, waiting: [], draining: false, logged: new WeakSet() };
}

export interface RemoteWriteResult {
  series: number;
  samples: number;
}

/**
 * Counts a snappy-compressed WriteRequest into the SLOs it feeds: counter increases per series, good and
 * total per minute, stored durably before it resolves. Requests waiting together commit in one
 * transaction. Malformed bodies are `invalid_input`.
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
  const series = decodeWriteRequest(body);
  const result = new Promise<RemoteWriteResult>((resolve, reject) => {
    receiver.waiting.push({ series, resolve, reject });
  });
  if (!receiver.draining) void drain(ctx, receiver);
  return result;
}

async function drain(ctx: EngineContext, receiver: RemoteWriteReceiver): Promise<void> {
  receiver.draining = true;
  try {
    while (receiver.waiting.length > 0) {
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
  const pending: PendingSamples = new Map();
  const points: SliPoint[] = [];
  for (const request of group) {
    for (const one of request.series) await countSeries({ ctx, receiver, plan, one, pending, points, nowMs });
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
  for (const request of group) {
    const samples = request.series.reduce((sum, one) => sum + one.samples.length, 0);
    request.resolve({ series: request.series.length, samples });
  }
}

/** Adds the increases of one series' samples to `points` for every SLO it feeds. */
async function countSeries(options: {
  ctx: EngineContext;
  receiver: RemoteWriteReceiver;
  plan: RemoteWritePlan;
  one: WriteSeries;
  pending: PendingSamples;
  points: SliPoint[];
  nowMs: number;
}): Promise<void> {
  const { ctx, receiver, plan, one, pending, points, nowMs } = options;
  const candidates = plan.feedsByMetric.get(one.labels.__name__ ?? '') ?? [];
  const feeds = candidates.flatMap((feed) => {
    const part = contribution(feed, one.labels);
    return part ? [{ feed, good: part.good }] : [];
  });
  if (feeds.length === 0) return;
  const key = seriesKey(one.labels);
  const ordered = [...one.samples].sort((a, b) => a.timestampMs - b.timestampMs);
  for (const sample of ordered) {
    if (sample.timestampMs > nowMs + MAX_FUTURE_SKEW_MS) continue;
    const increase = receiver.memory.increase(key, sample.timestampMs, sample.value, pending);
    if (!increase) continue;
    const timeMs = Math.min(sample.timestampMs, nowMs);
    for (const { feed, good } of feeds) {
      const slo = await instanceFor(ctx, feed, one.labels, nowMs);
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

/** The SLO instance a series feeds: the spec itself, or the one of its groupBy label values. */
async function instanceFor(
  ctx: EngineContext,
  feed: RemoteWriteFeed,
  labels: Record<string, string>,
  nowMs: number,
): Promise<string> {
  const groupLabels = Object.fromEntries(feed.groupBy.map((label) => [label, labels[label] ?? '']));
  const slo = instanceName(feed.spec, groupLabels);
  if (!ctx.engine.instances.has(slo) && feed.groupBy.length > 0) {
    await addGroupInstance({ db: ctx.db, engine: ctx.engine, spec: feed.spec, labels: groupLabels, nowMs });
  }
  return slo;
}
