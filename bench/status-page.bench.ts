import { resolveRuntimeConfig } from '../src/config/config.ts';
import { FakeClock } from '../src/core/clock.ts';
import { DAY_MS, MINUTE_MS } from '../src/core/duration.ts';
import { silentLogger } from '../src/core/logger.ts';
import { startNines } from '../src/main.ts';
import type { Db } from '../src/storage/index.ts';
import { writeConfig } from '../src/testing/nines-process.ts';
import { quantile } from './stats.ts';

// Issue 4: the public status page must be cheap to serve. Ten components, each one service with one
// SLO, 90 days of minute buckets (1.3M rows) on the embedded database.

const COMPONENTS = 10;
const DAYS = 90;

/** Ten teams' worth of services, one SLO each, and a StatusPage listing them: shared with bench/peers. */
export function statusBenchConfig(): string {
  const docs = ['apiVersion: nines.dev/v1\nkind: Team\nmetadata: { name: core }\nspec: {}'];
  const components: string[] = [];
  for (let i = 0; i < COMPONENTS; i++) {
    docs.push(`apiVersion: nines.dev/v1\nkind: Service\nmetadata: { name: svc-${i} }\nspec: { owner: core }`);
    docs.push(
      `apiVersion: nines.dev/v1\nkind: SLO\nmetadata: { name: svc-${i}-availability }\nspec: { service: svc-${i}, objective: 99.9, window: 30d, indicator: { events: {} } }`,
    );
    components.push(`    - { name: c-${i}, displayName: Component ${i}, services: [svc-${i}] }`);
  }
  docs.push(
    `apiVersion: nines.dev/v1\nkind: StatusPage\nmetadata: { name: public }\nspec:\n  title: Bench\n  components:\n${components.join('\n')}`,
  );
  return docs.join('\n---\n');
}

export interface StatusPageFigures {
  rows: number;
  coldMs: number;
  rebuildMs: number;
  requests: number;
  clients: number;
  requestsPerSecond: number;
  p50Ms: number;
  gzipPerSecond: number;
  notModifiedPerSecond: number;
  bytes: number;
  /** As sent, from Content-Length (fetch inflates the body itself). */
  gzipBytes: number;
}

/** Sends `total` GETs from `clients` concurrent loops; returns requests/s and per-request latencies. */
async function load(url: string, total: number, clients: number, headers: Record<string, string> = {}) {
  const latencies: number[] = [];
  let left = total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left-- > 0) {
        const t = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: total / ((performance.now() - started) / 1000), latencies };
}

/** 90 days of minute buckets per component's SLO, ending the minute before `nowMs` (1.3M rows). */
export async function seedStatusBuckets(db: Db, nowMs: number): Promise<void> {
  const fromMs = nowMs - DAYS * DAY_MS;
  for (let i = 0; i < COMPONENTS; i++) {
    // One bad minute in 500 (0.2 % errors for that minute: under the 14.4x burn, so "up").
    await db.query(
      // A recursive series, which both dialects run (SQLite has no generate_series).
      `WITH RECURSIVE minutes(m) AS (
           SELECT $2::bigint UNION ALL SELECT m + 60000 FROM minutes WHERE m + 60000 <= $3::bigint
         )
         INSERT INTO sli_buckets (slo, start_ms, good, total)
         SELECT $1, m, CASE WHEN (m / 60000) % 500 = 0 THEN 998 ELSE 1000 END, 1000 FROM minutes`,
      [`svc-${i}-availability`, fromMs, nowMs - MINUTE_MS],
    );
  }
}

export async function benchStatusPage(options: {
  requests: number;
  clients: number;
}): Promise<StatusPageFigures> {
  const nowMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  const clock = new FakeClock(nowMs);
  const nines = await startNines({
    config: resolveRuntimeConfig(
      {},
      {
        configDir: writeConfig({ 'bench.yaml': statusBenchConfig() }),
        port: '0',
        host: '127.0.0.1',
        dataDir: 'memory://',
      },
    ),
    clock,
    logger: silentLogger,
    jobs: false,
  });
  try {
    await seedStatusBuckets(nines.ctx.db, nowMs);
    const [{ n } = { n: 0 }] = await nines.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sli_buckets',
    );
    const url = `${nines.url}/status`;
    let t = performance.now();
    const first = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const body = await first.text();
    const coldMs = performance.now() - t;
    const served = await load(url, options.requests, options.clients, { 'accept-encoding': 'identity' });
    const zipped = await load(url, options.requests, options.clients, { 'accept-encoding': 'gzip' });
    const gzipped = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    await gzipped.arrayBuffer();
    const gzipBytes = Number(gzipped.headers.get('content-length'));
    const etag = first.headers.get('etag') ?? '';
    const notModified = await load(url, options.requests, options.clients, {
      'accept-encoding': 'identity',
      'if-none-match': etag,
    });
    clock.advance(11_000);
    t = performance.now();
    await (await fetch(url)).text();
    const rebuildMs = performance.now() - t;
    return {
      rows: n,
      coldMs,
      rebuildMs,
      requests: options.requests,
      clients: options.clients,
      requestsPerSecond: served.perSecond,
      p50Ms: quantile(served.latencies, 0.5),
      gzipPerSecond: zipped.perSecond,
      notModifiedPerSecond: notModified.perSecond,
      bytes: Buffer.byteLength(body),
      gzipBytes,
    };
  } finally {
    await nines.close();
  }
}
