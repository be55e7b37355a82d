import { parentPort, workerData } from 'node:worker_threads';
import { createRng } from '../src/demo/index.ts';
import { eventBatch } from './event-batches.ts';
import { BATCH_SIZE } from './ingest.bench.ts';

/** What the parent sends: where to push, and how much. */
export interface PushJob {
  url: string;
  token: string;
  slos: number;
  clients: number;
  batches: number;
}

/** What the worker answers. */
export interface PushResult {
  latenciesMs: number[];
  elapsedMs: number;
  failed: number;
  firstFailure?: string;
}

// Runs in a worker thread so client JSON and fetch work use the second core, not the server's.
async function pushAll(job: PushJob): Promise<PushResult> {
  const latenciesMs: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const client = async (id: number) => {
    const random = createRng(1000 + id);
    for (let n = next++; n < job.batches; n = next++) {
      const batch = eventBatch({
        batchId: `http-${n}`,
        slos: job.slos,
        size: BATCH_SIZE,
        nowMs: Date.now(),
        random,
      });
      const body = JSON.stringify(batch);
      const started = performance.now();
      const response = await fetch(`${job.url}/api/v1/sli-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      if (response.status === 202) {
        latenciesMs.push(performance.now() - started);
      } else {
        failed++;
        firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.clients }, (_, id) => client(id)));
  return { latenciesMs, elapsedMs: performance.now() - started, failed, firstFailure };
}

if (parentPort) parentPort.postMessage(await pushAll(workerData as PushJob));
