import type { EngineContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import {
  CounterMemory,
  decompressSnappy,
  type PendingSamples,
  type RemoteWriteFeed,
  type RemoteWritePlan,
  remoteWritePlan,
  type ScannedWriteRequest,
  SeriesDecisions,
  scanWriteRequest,
  type WantedSeries,
} from '../sources/remote-write/index.ts';
import { GroupCommit } from '../storage/index.ts';
import { MAX_FUTURE_SKEW_MS, MAX_MINUTE_COUNT } from './ingest-events.ts';
import { addGroupInstance } from './restore-instances.ts';
import { aggregateByMinute, applyToSeries, type SliPoint } from './sli-points.ts';
import { instanceName } from './slo-engine.ts';
import { addSliBuckets, MinuteTotalExceeded } from './store.ts';

/**
 * The receiver's memory: the last sample of every counter it counts, what it decided about each series it
 * was sent (under the model in force), and the requests waiting to be counted. Requests are counted one group after
 * another (two counted at once could count the same increase twice); the memory is not persisted, so after
 * a restart each series' first sample only sets its baseline (a gap of one scrape interval).
 */
export interface RemoteWriteReceiver {
  memory: CounterMemory;
  /** When series unseen for FORGET_AFTER_MS were last forgotten. */
  forgotAtMs: number;
  /** Requests waiting to be counted share a transaction (group commit). */
  commits: GroupCommit<WaitingRequest, RemoteWriteResult>;
  logged: WeakSet<RemoteWritePlan>;
  decisions: SeriesDecisions | undefined;
}

interface WaitingRequest {
  request: ScannedWriteRequest;
  wanted: WantedSeries[];
  plan: RemoteWritePlan;
}

/** Requests that arrive while a transaction is open share the next one (group commit), this many at most. */
const MAX_GROUP_REQUESTS = 64;
/** Requests waiting past this are refused with a 503 (Prometheus retries them): four full transactions. */
export const MAX_WAITING_REQUESTS = 256;

/** A series silent this long is forgotten: far past Prometheus' 5-minute staleness, so it has ended. */
export const FORGET_AFTER_MS = 60 * 60_000;

export function newRemoteWriteReceiver(ctx: EngineContext): RemoteWriteReceiver {
  const receiver: RemoteWriteReceiver = {
    memory: new CounterMemory(),
    forgotAtMs: 0,
    commits: new GroupCommit({
      store: (group) => countAndStore(ctx, receiver, group),
      maxItems: MAX_GROUP_REQUESTS,
      yieldFirst: true,
      maxWaiting: MAX_WAITING_REQUESTS,
      waitingWhat: 'requests',
    }),
    logged: new WeakSet(),
    decisions: undefined,
  };
  return receiver;
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
  const wanted = decisionsFor(receiver, plan).wanted(request);
  return receiver.commits.submit({ request, wanted, plan });
}

async function countAndStore(
  ctx: EngineContext,
  receiver: RemoteWriteReceiver,
  group: WaitingRequest[],
): Promise<RemoteWriteResult[]> {
  const plan = remoteWritePlan(ctx.engine.model);
  logPolledOnce(ctx, receiver, plan);
  const nowMs = ctx.clock.now();
  for (const waiting of group) {
    // The model was reloaded while the request waited: decide its series by the model now in force.
    if (waiting.plan !== plan) waiting.wanted = decisionsFor(receiver, plan).wanted(waiting.request);
    waiting.plan = plan;
  }
  const counted: Counted = { pending: new Map(), points: [], grouped: new Map() };
  for (const { request, wanted } of group) {
    for (const one of wanted) countSeries({ receiver, request, one, counted, nowMs });
  }
  await addMissingInstances(ctx, counted, nowMs);
  const minutes = aggregateByMinute(counted.points);
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
  receiver.memory.commit(counted.pending);
  if (nowMs - receiver.forgotAtMs >= FORGET_AFTER_MS / 6) {
    receiver.memory.forgetBefore(nowMs - FORGET_AFTER_MS);
    receiver.forgotAtMs = nowMs;
  }
  applyToSeries(ctx.engine, minutes, ctx.clock.now());
  return group.map(({ request }) => ({ series: request.seriesCount, samples: request.sampleCount }));
}

/** The receiver's decisions under `plan`: kept while the model stays, made afresh after a reload. */
function decisionsFor(receiver: RemoteWriteReceiver, plan: RemoteWritePlan): SeriesDecisions {
  if (receiver.decisions?.plan !== plan) {
    receiver.decisions = new SeriesDecisions(plan, (feed, labels) => instanceName(feed.spec, labels));
  }
  return receiver.decisions;
}

/** What the samples of a group count, before it is stored. */
interface Counted {
  pending: PendingSamples;
  points: SliPoint[];
  /** The groupBy instances points were counted for, by name: those the engine lacks are created first. */
  grouped: Map<string, { feed: RemoteWriteFeed; labels: Record<string, string> }>;
}

/** Creates the groupBy instances counted for the first time, before their points are stored. */
async function addMissingInstances(ctx: EngineContext, counted: Counted, nowMs: number): Promise<void> {
  for (const [slo, { feed, labels }] of counted.grouped) {
    if (ctx.engine.instances.has(slo)) continue;
    await addGroupInstance({ db: ctx.db, engine: ctx.engine, spec: feed.spec, labels, nowMs });
  }
}

/** Adds the increases of one series' samples to `counted` for every SLO instance it feeds. */
function countSeries(options: {
  receiver: RemoteWriteReceiver;
  request: ScannedWriteRequest;
  one: WantedSeries;
  counted: Counted;
  nowMs: number;
}): void {
  const { receiver, request, one, counted, nowMs } = options;
  const samples = request.samples(one.index);
  if (samples.length > 1) samples.sort((a, b) => a.timestampMs - b.timestampMs);
  const { seriesKey, parts } = one.decision;
  for (const sample of samples) {
    if (sample.timestampMs > nowMs + MAX_FUTURE_SKEW_MS) continue;
    const increase = receiver.memory.increase(seriesKey, sample.timestampMs, sample.value, counted.pending);
    if (!increase) continue;
    const timeMs = Math.min(sample.timestampMs, nowMs);
    for (const { feed, slo, groupLabels, good } of parts) {
      counted.points.push({ slo, timeMs, good: good ? increase : 0, total: increase });
      if (feed.groupBy.length > 0) counted.grouped.set(slo, { feed, labels: groupLabels });
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
