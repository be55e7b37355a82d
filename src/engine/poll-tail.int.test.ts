import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../config/config.ts';
import { silentLogger } from '../core/logger.ts';
import { type NinesHandle, startNines } from '../main.ts';
import { waitFor, writeConfig } from '../testing/nines-process.ts';
import {
  hasBinary,
  PROMETHEUS_BIN,
  type RunningPrometheus,
  startPrometheus,
  startTestExporter,
  type TestExporter,
} from '../testing/prometheus.ts';
import { listSloAlerts } from './store.ts';

// A full outage on an SLO that Nines polls from a real Prometheus pages from what Prometheus already
// holds past the settled minutes (the provisional tail), not 30 to 90 s later when its minute settles.

const SLO = 'checkout-availability';

const config = (prometheusUrl: string) => ({
  'slo.yaml': `
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
kind: DataSource
metadata: { name: default }
spec: { type: prometheus, url: "${prometheusUrl}" }
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: ${SLO} }
spec:
  service: checkout
  objective: 99.9
  indicator:
    prometheus:
      errorQuery: sum(rate(http_requests_total{service="checkout",code="500"}[{{.window}}]))
      totalQuery: sum(rate(http_requests_total{service="checkout"}[{{.window}}]))
`,
});

describe.skipIf(!hasBinary(PROMETHEUS_BIN))('a polled SLO’s provisional tail', () => {
  let exporter: TestExporter;
  let prometheus: RunningPrometheus;
  let nines: NinesHandle;
  let failing = false;
  beforeAll(async () => {
    // 10 requests per scrape (every second): all answered 200, or all 500 once `failing` is set.
    exporter = await startTestExporter({
      metric: 'http_requests_total',
      beforeScrape: (self) => self.add({ service: 'checkout', code: failing ? '500' : '200' }, 10),
    });
    prometheus = await startPrometheus({ scrapeTargets: [exporter.target] });
    nines = await startNines({
      config: resolveRuntimeConfig(
        { NINES_EVAL_INTERVAL: '1s' },
        {
          configDir: writeConfig(config(prometheus.url)),
          port: '0',
          host: '127.0.0.1',
          dataDir: 'memory://',
        },
      ),
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await nines?.close();
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('pages a full outage before the minute that holds it settles', async () => {
    const instance = () => nines.ctx.engine.instances.get(SLO);
    // Healthy traffic read past the settled minutes: at least 100 requests (the tier's minEvents).
    const healthy = await waitFor(
      async () => ((instance()?.tail?.total ?? 0) >= 100 ? instance()?.tail : undefined),
      30_000,
      'a healthy tail',
    );
    expect(healthy?.good).toBeCloseTo(healthy?.total ?? Number.NaN, 6);
    expect(instance()?.alertState?.page.firing).toBe(false);

    failing = true;
    await waitFor(
      async () => (instance()?.alertState?.page.firing ? true : undefined),
      60_000,
      'the catastrophic page',
    );
    const [page] = await listSloAlerts(nines.ctx.db, { slo: SLO, severity: 'page', limit: 1 });
    expect(page?.reason).toMatch(/^catastrophic tier: burn above 30x over 5m and 1m/);
    // When it fired, the settled minutes held no failed request: the page came from the tail.
    expect(page?.fired_burn_rates['5m'] ?? 0).toBe(0);
    const tail = instance()?.tail;
    expect(tail && tail.total - tail.good).toBeGreaterThan(0);
  }, 120_000);
});
