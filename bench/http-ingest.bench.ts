import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createToken } from '../src/auth/index.ts';
import { resolveRuntimeConfig } from '../src/config/config.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { startNines } from '../src/main.ts';
import { writeBenchConfig } from './bench-config.ts';
import { type IngestFigures, ingestFigures } from './ingest.bench.ts';
import type { PushJob, PushResult } from './push-client.ts';

/** Server-side figures that come with the HTTP run. */
export interface HttpIngestFigures extends IngestFigures {
  /** Time to load the config, open storage and restore every instance. */
  startMs: number;
  firstFailure?: string;
}

function runClients(job: PushJob): Promise<PushResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./push-client-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', (result: PushResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`push client worker exited with ${code}`));
    });
  });
}

/**
 * Starts the real server (`startNines`, embedded database in a fresh data directory, no background jobs)
 * with `slos` generated SLOs and pushes `batches` batches of 1,000 events to POST /api/v1/sli-events from
 * `clients` concurrent fetch clients in a worker thread.
 */
export async function benchIngestHttp(options: {
  slos: number;
  clients: number;
  batches: number;
}): Promise<HttpIngestFigures> {
  const root = mkdtempSync(join(tmpdir(), 'nines-bench-http-'));
  const configDir = join(root, 'config');
  writeBenchConfig(configDir, options.slos);
  const config = resolveRuntimeConfig(
    {},
    { configDir, dataDir: join(root, 'data'), host: '127.0.0.1', port: '0', logLevel: 'silent' },
  );
  const startStart = performance.now();
  const nines = await startNines({ config, logger: silentLogger, jobs: false });
  const startMs = performance.now() - startStart;
  try {
    const { token } = await createToken({
      db: nines.ctx.db,
      clock: systemClock,
      name: 'bench',
      scopes: ['write'],
    });
    const result = await runClients({ url: nines.url, token, ...options });
    return {
      ...ingestFigures({
        slos: options.slos,
        via: 'http',
        clients: options.clients,
        latenciesMs: result.latenciesMs,
        elapsedMs: result.elapsedMs,
        failed: result.failed,
      }),
      startMs,
      firstFailure: result.firstFailure,
    };
  } finally {
    await nines.close();
    rmSync(root, { recursive: true, force: true });
  }
}
