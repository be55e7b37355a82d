import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';
import { type FaultProxy, startFaultProxy } from '../../src/testing/fault-proxy.ts';
import {
  faultLoad,
  lossAndDuplication,
  pushBatch,
  reportFault,
  type SliBatch,
  sliBatches,
  storedTotals,
  timed,
} from '../../src/testing/faults.ts';
import {
  coreCatalog,
  createToken,
  type ServerProcess,
  scratchDir,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import {
  hasBinary,
  PROMETHEUS_BIN,
  type RunningPrometheus,
  startPrometheus,
  startTestExporter,
  type TestExporter,
} from '../../src/testing/prometheus.ts';

// Prometheus as an SLI source, made slow, erroring and dead: a real Prometheus scraping a small exporter,
// reached through a proxy the test controls, then stopped and started again. Nines must stay up and
// ready, keep taking pushes while a Prometheus read hangs, report the source unhealthy (the SLO's
// `reason`), and recover by itself when Prometheus answers again.

const available = hasBinary(PROMETHEUS_BIN);

function configFor(prometheusUrl: string) {
  return {
    'catalog.yaml': coreCatalog,
    'sources.yaml': `
apiVersion: nines.dev/v1
kind: DataSource
metadata: { name: default }
spec: { type: prometheus, url: "${prometheusUrl}", timeout: 2s, step: 5s }
`,
    'slos.yaml': `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: requests }
spec:
  service: api
  objective: 99
  window: 1d
  indicator:
    prometheus:
      errorQuery: sum(rate(http_requests_total{job="exporter",code=~"5.."}[{{.window}}]))
      totalQuery: sum(rate(http_requests_total{job="exporter"}[{{.window}}]))
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: pushed }
spec: { service: api, objective: 99, window: 30d, indicator: { events: {} } }
`,
  };
}

describe.skipIf(!available)('Prometheus down, slow and erroring', () => {
  let exporter: TestExporter | undefined;
  let prometheus: RunningPrometheus | undefined;
  let proxy: FaultProxy | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await proxy?.stop();
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('stays up, keeps taking pushes, reports the source unhealthy and recovers', async () => {
    exporter = await startTestExporter({
      metric: 'http_requests_total',
      beforeScrape: (e) => e.add({ code: '200' }, 10),
    });
    prometheus = await startPrometheus({ scrapeTargets: [exporter.target] });
    proxy = await startFaultProxy(prometheus.url);
    const dataDir = scratchDir('prometheus-faults');
    const env = { NINES_EVAL_INTERVAL: '1s', NINES_TOKEN: '', NINES_SERVER: '', NINES_DATABASE_URL: '' };
    const token = await createToken(['--scopes', 'write', '--data-dir', dataDir], env);
    server = await startServer({ configDir: writeConfig(configFor(proxy.url)), dataDir, env });
    const url = server.url;
    const p = proxy;

    const reason = async () => {
      const response = await fetch(`${url}/api/v1/slos/requests`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await response.json()) as { reason: string | null }).reason;
    };
    const untilReason = (test: (reason: string | null) => boolean, what: string) =>
      waitFor(async () => (test(await reason()) ? true : undefined), 60_000, what);
    const ready = async () => (await fetch(`${url}/readyz`)).status;

    const batches = sliBatches('prom-faults', faultLoad(40, 400), ['pushed']);
    let sent = 0;
    let slowestPushMs = 0;
    let pushedWhileHanging = 0;
    /** Pushes the next `n` batches; each must be acknowledged. */
    const pushSome = async (n: number) => {
      for (const batch of batches.slice(sent, sent + n) as SliBatch[]) {
        const hanging = p.inFlight > 0;
        const push = await timed(() => pushBatch(url, token, batch));
        expect(push.value).toBe(202);
        slowestPushMs = Math.max(slowestPushMs, push.ms);
        if (hanging && p.inFlight > 0) pushedWhileHanging++;
      }
      sent = Math.min(batches.length, sent + n);
    };
    const perPhase = Math.floor(batches.length / 5);

    // Healthy: the backfill went through the proxy, the source is fine.
    await untilReason((r) => r === null && p.forwardedOk > 0, 'a healthy source');
    await pushSome(perPhase);

    // Slow: every read hangs longer than the source's 2 s timeout.
    p.mode = { kind: 'delay', ms: 10_000 };
    await untilReason((r) => r?.includes('timed out') === true, 'the slow source reported');
    // A read that has just started: it hangs until Nines gives up after 2 s, while the pushes take
    // milliseconds. (One seen in flight may be about to time out, leaving the pushes a gap between reads.)
    const seen = p.received;
    await waitFor(
      async () => (p.received > seen && p.inFlight > 0 ? true : undefined),
      20_000,
      'a new hanging read',
    );
    await pushSome(perPhase);
    expect(await ready()).toBe(200);

    // Erroring: 500 with a body that is not Prometheus JSON.
    p.mode = { kind: 'error' };
    await untilReason((r) => r?.includes('HTTP 500') === true, 'the erroring source reported');
    await pushSome(perPhase);
    expect(await ready()).toBe(200);

    // Down: Prometheus stopped, the proxy's connections cut.
    p.mode = { kind: 'pass' };
    await prometheus.stop();
    prometheus = undefined;
    await untilReason(
      (r) => r !== null && !r.includes('HTTP 500') && !r.includes('timed out'),
      'the dead source reported',
    );
    const downReason = await reason();
    await pushSome(perPhase);
    expect(await ready()).toBe(200);

    // Back: a new Prometheus scraping the same exporter; Nines recovers without a restart.
    prometheus = await startPrometheus({ scrapeTargets: [exporter.target] });
    p.target = prometheus.url;
    const recovery = await timed(() => untilReason((r) => r === null, 'the source recovered'));
    await pushSome(batches.length - sent);
    expect(server.child.exitCode).toBeNull();

    const db = await openStorage({ dataDir });
    const stored = await storedTotals(db, ['pushed']).finally(() => db.close());
    const { lost, duplicated, goodMatches } = lossAndDuplication(stored, batches.length, 1);
    reportFault('prometheus-faults', {
      lost,
      duplicated,
      recovery: `${Math.round(recovery.ms)}ms`,
      pushes: batches.length,
      pushedWhileReadHanging: pushedWhileHanging,
      slowestPush: `${Math.round(slowestPushMs)}ms`,
      downReason: JSON.stringify(downReason),
    });
    expect(pushedWhileHanging).toBeGreaterThan(0);
    expect({ lost, duplicated, goodMatches }).toEqual({ lost: 0, duplicated: 0, goodMatches: true });
  }, 240_000);
});
