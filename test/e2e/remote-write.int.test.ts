import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/index.ts';
import { resolveRuntimeConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { pollPrometheus } from '../../src/engine/index.ts';
import { type NinesHandle, startNines } from '../../src/main.ts';
import { writeConfig } from '../../src/testing/nines-process.ts';
import {
  hasBinary,
  PROMETHEUS_BIN,
  type RunningPrometheus,
  startPrometheus,
  startTestExporter,
  type TestExporter,
} from '../../src/testing/prometheus.ts';
import { createTestDatabase, testEngines } from '../../src/testing/test-engines.ts';

// A real Prometheus scrapes an exporter whose counters move only on chosen scrapes and remote-writes
// everything to Nines; the SLOs' good/total and budgets must be exactly the counters' increases.

const required = Boolean(process.env.CI || process.env.NINES_REQUIRE_COMPONENTS);
const available = hasBinary(PROMETHEUS_BIN);
if (required && !available) throw new Error('prometheus is required (apt-get install prometheus)');

/** Scrapes 4 to 13 (ten scrapes) add traffic; before and after, the counters stand still. */
const TRAFFIC_SCRAPES = { from: 4, to: 13 };

function configFor(prometheusUrl: string) {
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
spec: { type: prometheus, url: "${prometheusUrl}", remoteWrite: true }
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
      errorQuery: sum by (service) (rate(http_requests_total{job="exporter",code=~"5.."}[{{.window}}]))
      totalQuery: sum by (service) (rate(http_requests_total{job="exporter"}[{{.window}}]))
      groupBy: [service]
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: ratio }
spec:
  service: search
  objective: 99
  window: 7d
  indicator:
    prometheus:
      errorQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}])) / 2
      totalQuery: sum(rate(http_requests_total[{{.window}}]))
`,
  };
}

interface SloView {
  sli: { good: number; total: number; ratio: number | null };
  errorBudget: { remaining: number | null };
}

const engines = (await testEngines()).map((engine) => engine.name);

describe.skipIf(!available).each(engines)('remote-write from a real Prometheus on %s', (engineName) => {
  let exporter: TestExporter;
  let prometheus: RunningPrometheus;
  let nines: NinesHandle;
  let readToken: string;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let scrapes = 0;
    exporter = await startTestExporter({
      metric: 'http_requests_total',
      beforeScrape: (self) => {
        scrapes += 1;
        const moving = scrapes >= TRAFFIC_SCRAPES.from && scrapes <= TRAFFIC_SCRAPES.to;
        self.add({ service: 'checkout', code: '200' }, moving ? 10 : 0);
        self.add({ service: 'checkout', code: '500' }, moving ? 1 : 0);
        self.add({ service: 'search', code: '200' }, moving ? 5 : 0);
      },
    });
    let databaseUrl: string | undefined;
    if (engineName === 'postgres') {
      const database = await createTestDatabase();
      databaseUrl = database.url;
      dropDatabase = database.drop;
    }
    const configDir = writeConfig(configFor('http://127.0.0.1:9'));
    const config = resolveRuntimeConfig(
      {},
      { configDir, port: '0', host: '127.0.0.1', dataDir: 'memory://', databaseUrl },
    );
    nines = await startNines({ config, logger: silentLogger, jobs: false });
    const token = async (scope: 'read' | 'write') =>
      (await createToken({ db: nines.ctx.db, clock: nines.ctx.clock, name: scope, scopes: [scope] })).token;
    readToken = await token('read');
    prometheus = await startPrometheus({
      scrapeTargets: [exporter.target],
      remoteWrite: [{ url: `${nines.url}/api/v1/write`, bearerToken: await token('write') }],
    });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await nines?.close();
    await dropDatabase?.();
  });

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${nines.url}${path}`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  /** Ticks and reads both SLO instances until their totals reach `totals` or the deadline passes. */
  async function waitForTotals(totals: Record<string, number>, timeoutMs = 60_000) {
    const views: Record<string, SloView | undefined> = {};
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      await nines.tick();
      for (const name of Object.keys(totals)) {
        const response = await fetch(`${nines.url}/api/v1/slos/${name}`, {
          headers: { authorization: `Bearer ${readToken}` },
        });
        views[name] = response.ok ? ((await response.json()) as SloView) : undefined;
      }
      if (Object.entries(totals).every(([name, total]) => views[name]?.sli.total === total)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return views;
  }

  it("counts exactly the counters' increases into each service's SLO and budget", async () => {
    await exporter.scraped(TRAFFIC_SCRAPES.to + 3, 60_000);
    const views = await waitForTotals({ 'requests:checkout': 110, 'requests:search': 50 });
    // checkout: 10 scrapes × (10 ok + 1 failed) = 110 requests, 100 good; bad ratio 10/110 = 0.090909,
    // budget 1 % → consumed 9.0909, remaining −8.0909.
    expect(views['requests:checkout']?.sli).toEqual({ good: 100, total: 110, ratio: 100 / 110 });
    expect(views['requests:checkout']?.errorBudget.remaining).toBeCloseTo(-8.0909, 4);
    // search: 10 scrapes × 5 = 50 requests, no 5xx series: all good, budget untouched.
    expect(views['requests:search']?.sli).toEqual({ good: 50, total: 50, ratio: 1 });
    expect(views['requests:search']?.errorBudget.remaining).toBe(1);
  });

  it('keeps counting nothing while the counters stand still, and polling adds nothing', async () => {
    await exporter.scraped(TRAFFIC_SCRAPES.to + 8, 60_000);
    await pollPrometheus({ ctx: nines.ctx, env: {} });
    const views = await waitForTotals({ 'requests:checkout': 110, 'requests:search': 50 }, 5_000);
    expect(views['requests:checkout']?.sli).toMatchObject({ good: 100, total: 110 });
    expect(views['requests:search']?.sli).toMatchObject({ good: 50, total: 50 });
    const cursors = await nines.ctx.db.query<{ slo_spec: string }>('SELECT slo_spec FROM source_cursors');
    expect(cursors.map((row) => row.slo_spec)).not.toContain('requests');
  });

  it('lists the SLO whose query it cannot evaluate as polled, with the reason', async () => {
    const status = await get<{ fed: string[]; polled: { slo: string; reason: string }[] }>(
      '/api/v1/write/status',
    );
    expect(status.fed).toEqual(['requests']);
    expect(status.polled).toEqual([{ slo: 'ratio', reason: expect.stringMatching(/^errorQuery: /) }]);
  });
});
