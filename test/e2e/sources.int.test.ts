import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/index.ts';
import { resolveRuntimeConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import {
  newProbeSchedule,
  pollPrometheus,
  reloadSourceCursors,
  runDueProbes,
} from '../../src/engine/index.ts';
import { type NinesHandle, startNines } from '../../src/main.ts';
import { writeConfig } from '../../src/testing/nines-process.ts';
import {
  freePort,
  hasBinary,
  PROMETHEUS_BIN,
  PROMTOOL_BIN,
  type RunningPrometheus,
  shopHistory,
  startPrometheus,
} from '../../src/testing/prometheus.ts';

// An SLO read from a real Prometheus (history loaded into its TSDB, then backfilled by Nines on its first
// poll) and an SLO fed by a probe against a local HTTP server, both seen through the HTTP API.

const required = Boolean(process.env.CI || process.env.NINES_REQUIRE_COMPONENTS);
const available = hasBinary(PROMETHEUS_BIN) && hasBinary(PROMTOOL_BIN);
if (required && !available)
  throw new Error('prometheus and promtool are required (apt-get install prometheus)');

const HOUR = 3_600_000;
// Four hours ending at least an hour ago, one sample every 15 s: checkout serves 10 req/s and fails
// 1 req/s during the second hour; search serves 5 req/s with no 5xx series at all.
const H0 = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;

function configFor(prometheusUrl: string, probeUrl: string) {
  return {
    'catalog.yaml': `
apiVersion: nines.dev/v1
kind: Team
metadata: { name: shop }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: checkout }
spec: { owner: shop }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: search }
spec: { owner: shop }
`,
    'sources.yaml': `
apiVersion: nines.dev/v1
kind: DataSource
metadata: { name: default }
spec: { type: prometheus, url: "${prometheusUrl}", timeout: 10s }
---
apiVersion: nines.dev/v1
kind: Probe
metadata: { name: search-health }
spec:
  service: search
  interval: 30s
  timeout: 2s
  http: { url: "${probeUrl}/healthz", jsonPath: { path: $.status, equals: up } }
`,
    'slos.yaml': `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: requests }
spec:
  service: checkout
  objective: 99
  window: 7d
  indicator:
    prometheus:
      errorQuery: sum by (service) (rate(http_requests_total{job="shop",code=~"5.."}[{{.window}}]))
      totalQuery: sum by (service) (rate(http_requests_total{job="shop"}[{{.window}}]))
      groupBy: [service]
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: search-up }
spec:
  service: search
  objective: 99.5
  indicator: { probe: search-health }
`,
  };
}

describe.skipIf(!available)('SLI sources end to end', () => {
  let prometheus: RunningPrometheus;
  let probeTarget: Server;
  let healthy = true;
  // Prometheus is reached through a gate the test can close: a 503 with Prometheus' error body.
  let gate: Server;
  let prometheusAnswers = true;
  let nines: NinesHandle;
  let token: string;

  beforeAll(async () => {
    prometheus = await startPrometheus({
      history: { metric: 'http_requests_total', series: shopHistory('shop', H0) },
    });
    probeTarget = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: healthy ? 'up' : 'down' }));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => probeTarget.listen(port, '127.0.0.1', resolve));
    gate = createServer(async (req, res) => {
      if (!prometheusAnswers) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'querier overloaded' }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const upstream = await fetch(`${prometheus.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
        body: req.method === 'POST' ? body : undefined,
      });
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    const gatePort = await freePort();
    await new Promise<void>((resolve) => gate.listen(gatePort, '127.0.0.1', resolve));
    const configDir = writeConfig(configFor(`http://127.0.0.1:${gatePort}`, `http://127.0.0.1:${port}`));
    const config = resolveRuntimeConfig(
      {},
      { configDir, port: '0', host: '127.0.0.1', dataDir: 'memory://' },
    );
    nines = await startNines({ config, logger: silentLogger, jobs: false });
    token = (await createToken({ db: nines.ctx.db, clock: nines.ctx.clock, name: 't', scopes: ['read'] }))
      .token;
  }, 120_000);

  afterAll(async () => {
    await nines?.close();
    await prometheus?.stop();
    probeTarget?.close();
    gate?.close();
  });

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${nines.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  it('backfills a grouped Prometheus SLO on first poll, one SLO per service', async () => {
    await pollPrometheus({ ctx: nines.ctx, env: {} });
    await nines.tick();
    const { slos } = await get<{
      slos: Array<{
        name: string;
        service: string;
        sli: { good: number; total: number; ratio: number };
        errorBudget: { remaining: number };
        status: string;
      }>;
    }>('/api/v1/slos');
    const checkout = slos.find((slo) => slo.name === 'requests:checkout');
    const search = slos.find((slo) => slo.name === 'requests:search');
    // checkout: 4 h x 10 req/s = 144,000 good; 1 h x 1 req/s = 3,600 errors; total 147,600.
    // Bad ratio 3,600/147,600 = 0.0243902; budget 1 % -> consumed 2.43902, remaining -1.43902 (exhausted).
    expect(checkout?.service).toBe('checkout');
    expect(checkout?.sli.total).toBeCloseTo(147_600, 0);
    expect(checkout?.sli.good).toBeCloseTo(144_000, 0);
    expect(checkout?.errorBudget.remaining).toBeCloseTo(-1.43902, 4);
    expect(checkout?.status).toBe('exhausted');
    // search: 4 h x 5 req/s = 72,000, no 5xx series at all: an empty error vector means zero errors.
    expect(search?.sli).toEqual({ good: 72_000, total: 72_000, ratio: 1 });
    expect(search?.status).toBe('healthy');
  });

  it('reports no_data with the reason while Prometheus fails, and recovers when it answers again', async () => {
    prometheusAnswers = false;
    // Force a read: the cursor is at the last whole minute, so move it back one minute.
    await nines.ctx.db.query('UPDATE source_cursors SET through_ms = through_ms - 60000');
    reloadSourceCursors(nines.ctx.engine);
    await pollPrometheus({ ctx: nines.ctx, env: {} });
    await nines.tick();
    const failing = await get<{ status: string; reason: string | null }>('/api/v1/slos/requests:checkout');
    expect(failing.status).toBe('no_data');
    expect(failing.reason).toMatch(/default.*503.*querier overloaded/);

    prometheusAnswers = true;
    await pollPrometheus({ ctx: nines.ctx, env: {} });
    await nines.tick();
    const recovered = await get<{ status: string; reason: string | null }>('/api/v1/slos/requests:checkout');
    expect(recovered).toMatchObject({ status: 'exhausted', reason: null });
  });

  it('counts each probe run as one event and keeps the failure reason', async () => {
    const schedule = newProbeSchedule();
    const run = async () => {
      schedule.nextAtMs.set('search-health', 0);
      await runDueProbes({ ctx: nines.ctx, schedule });
      await Promise.all(schedule.inflight);
    };
    await run();
    healthy = false;
    await run();
    await run();
    await nines.tick();
    const status = await get<{ sli: { good: number; total: number }; status: string }>(
      '/api/v1/slos/search-up',
    );
    // 1 good run of 3: ratio 1/3, far below 99.5 %.
    expect(status.sli).toMatchObject({ good: 1, total: 3 });
    expect(status.status).toBe('exhausted');
    const rows = await nines.ctx.db.query<{ ok: boolean; error: string | null }>(
      'SELECT ok, error FROM probe_results ORDER BY started_ms',
    );
    expect(rows.map((r) => r.ok)).toEqual([true, false, false]);
    expect(rows[2]?.error).toBe('$.status is "down", expected "up"');
    const { probes } = await get<{
      probes: Array<{ name: string; target: string; lastResult: { ok: boolean; error: string } }>;
    }>('/api/v1/probes');
    expect(probes[0]?.target).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/healthz$/);
    expect(probes[0]?.lastResult).toMatchObject({ ok: false, error: '$.status is "down", expected "up"' });
    const { results } = await get<{ results: Array<{ ok: boolean; latencyMs: number }> }>(
      '/api/v1/probes/search-health/results',
    );
    expect(results.map((r) => r.ok)).toEqual([false, false, true]);
    expect(results.every((r) => r.latencyMs >= 0)).toBe(true);
  });
});
