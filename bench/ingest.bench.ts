import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createRng } from '../src/demo/index.ts';
import { type EngineContext, ingestSliEvents, restoreInstances, SloEngine } from '../src/engine/index.ts';
import { openStorage } from '../src/storage/index.ts';
import { benchModel } from './engine.bench.ts';
import { eventBatch } from './event-batches.ts';
import { median, quantile } from './stats.ts';

/** Throughput of durable pushes for one SLO count. */
export interface IngestFigures {
  slos: number;
  via: 'verb' | 'http';
  clients: number;
  batches: number;
  events: number;
  eventsPerSecond: number;
  batchesPerSecond: number;
  /** Time from sending a batch to its acknowledgement. */
  p50AckMs: number;
  p99AckMs: number;
  failed: number;
}

export const BATCH_SIZE = 1000;

/** Figures from acknowledgement latencies and the wall time they took. */
export function ingestFigures(options: {
  slos: number;
  via: 'verb' | 'http';
  clients: number;
  latenciesMs: number[];
  elapsedMs: number;
  failed: number;
}): IngestFigures {
  const batches = options.latenciesMs.length;
  const seconds = options.elapsedMs / 1000;
  return {
    slos: options.slos,
    via: options.via,
    clients: options.clients,
    batches,
    events: batches * BATCH_SIZE,
    eventsPerSecond: (batches * BATCH_SIZE) / seconds,
    batchesPerSecond: batches / seconds,
    p50AckMs: median(options.latenciesMs),
    p99AckMs: quantile(options.latenciesMs, 0.99),
    failed: options.failed,
  };
}

/**
 * Calls `ingestSliEvents` sequentially with batches of 1,000 events on SQLite in a fresh data directory
 * on disk, for `durationMs` or `maxBatches`, whichever comes first. Only the verb calls are timed.
 */
export async function benchIngestVerb(options: {
  slos: number;
  durationMs: number;
  maxBatches: number;
}): Promise<IngestFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nines-bench-data-'));
  const db = await openStorage({ dataDir });
  try {
    const model = benchModel(options.slos);
    const engine = new SloEngine(model);
    await restoreInstances({ db, engine, slos: model.slos, nowMs: systemClock.now() });
    const ctx: EngineContext = { db, clock: systemClock, logger: silentLogger, engine };
    const random = createRng(options.slos);
    const latenciesMs: number[] = [];
    let busyMs = 0;
    while (latenciesMs.length < options.maxBatches && busyMs < options.durationMs) {
      const input = eventBatch({
        batchId: `verb-${latenciesMs.length}`,
        slos: options.slos,
        size: BATCH_SIZE,
        nowMs: systemClock.now(),
        random,
      });
      const started = performance.now();
      await ingestSliEvents({ ctx, input });
      const took = performance.now() - started;
      latenciesMs.push(took);
      busyMs += took;
    }
    return ingestFigures({
      slos: options.slos,
      via: 'verb',
      clients: 1,
      latenciesMs,
      elapsedMs: busyMs,
      failed: 0,
    });
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
