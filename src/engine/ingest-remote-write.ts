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
 * The receiver's memory: the last sample of every counter it counts, and a queue so that requests are
 * counted one after another (two at once could count the same increase twice). The memory is not
 * persisted: after a restart each series' first sample only sets its baseline (a gap of one scrape).
 */
export interface RemoteWriteReceiver {
  memory: CounterMemory;
  queue: Promise<unknown>;
  logged: WeakSet<RemoteWritePlan>;
}

export function newRemoteWriteReceiver(): RemoteWriteReceiver {
  return { memory: new CounterMemory(), queue: Promise.resolve(), logged: new WeakSet() };
}

export interface RemoteWriteResult {
  series: number;
  samples: number;
  /** Good/total rows (SLO instance × minute) stored. */
  buckets: number;
}

/**
 * Counts a snappy-compressed WriteRequest into the SLOs it feeds: counter increases per series, good and
 * total per minute, stored durably before it returns. Malformed bodies are `invalid_input`.
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
  const plan = remoteWritePlan(ctx.engine.model);
  if (!receiver.logged.has(plan)) {
    receiver.logged.add(plan);
    for (const one of plan.polled) {
      ctx.logger.warn(one, 'remote-write cannot evaluate this SLO query; it stays polled');
    }
  }
  const run = receiver.queue.then(() => countAndStore(ctx, receiver, plan, series));
  receiver.queue = run.catch(() => undefined);
  return run;
}

async function countAndStore(
  ctx: EngineContext,
  receiver: RemoteWriteReceiver,
  plan: RemoteWritePlan,
  series: WriteSeries[],
): Promise<RemoteWriteResult> {
  const nowMs = ctx.clock.now();
  const pending: PendingSamples = new Map();
  const points: SliPoint[] = [];
  let samples = 0;
  for (const one of series) {
    samples += one.samples.length;
    const feeds = plan.feeds.flatMap((feed) => {
      const part = contribution(feed, one.labels);
      return part ? [{ feed, good: part.good }] : [];
    });
    if (feeds.length === 0) continue;
    const key = seriesKey(one.labels);
    const ordered = [...one.samples].sort((a, b) => a.timestampMs - b.timestampMs);
    for (const sample of ordered) {
      if (sample.timestampMs > nowMs + MAX_FUTURE_SKEW_MS) continue;
      const increase = receiver.memory.increase(key, sample.timestampMs, sample.value, pending);
      if (!increase) continue;
      for (const { feed, good } of feeds) {
        const slo = await instanceFor(ctx, feed, one.labels, nowMs);
        const timeMs = Math.min(sample.timestampMs, nowMs);
        points.push({ slo, timeMs, good: good ? increase : 0, total: increase });
      }
    }
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
  applyToSeries(ctx.engine, minutes, ctx.clock.now());
  return { series: series.length, samples, buckets: minutes.length };
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
