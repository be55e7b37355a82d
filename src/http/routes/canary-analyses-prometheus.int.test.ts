import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueAnalyses } from '../../analyses/index.ts';
import { canaryModel } from '../../testing/canary-analysis-fixtures.ts';
import { expectJson } from '../../testing/paging-fixtures.ts';
import {
  hasBinary,
  PROMETHEUS_BIN,
  type RunningPrometheus,
  startPrometheus,
  startTestExporter,
  type TestExporter,
} from '../../testing/prometheus.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

interface Analysis {
  id: number;
  status: string;
  reason: string | null;
  lastError: string | null;
  intervals: Array<{
    index: number;
    verdict: string;
    score: number;
    errors: string[];
    metrics: Array<{ name: string; classification: string; controlCount: number; experimentCount: number }>;
    slo: { burnRate: number | null; ok: boolean } | null;
  }>;
}

const available = hasBinary(PROMETHEUS_BIN);

/** Errors and successes of `app`, per variant, as PromQL templated by variant. */
const metricsOf = (app: string) => [
  {
    name: 'errors',
    query: `sum(rate(http_requests_total{app="${app}",track="{{variant}}",code="500"}[5s]))`,
    direction: 'increase',
  },
  {
    name: 'successes',
    query: `sum(rate(http_requests_total{app="${app}",track="{{variant}}",code="200"}[5s]))`,
    direction: 'decrease',
  },
];

describe.skipIf(!available)('canary analyses reading a real Prometheus', () => {
  let exporter: TestExporter;
  let prometheus: RunningPrometheus;
  let t: TestApp;

  beforeAll(async () => {
    // Every scrape: 100 successes a variant; the baselines and the good canary fail 2, the bad canary 10 (× 5).
    exporter = await startTestExporter({
      metric: 'http_requests_total',
      beforeScrape: (self) => {
        for (const app of ['good', 'bad']) {
          for (const track of ['baseline', 'canary']) {
            self.add({ app, track, code: '200' }, 100);
            self.add({ app, track, code: '500' }, app === 'bad' && track === 'canary' ? 10 : 2);
          }
        }
      },
    });
    prometheus = await startPrometheus({ scrapeTargets: [exporter.target] });
    t = await createTestApp({ model: canaryModel(prometheus.url) });
    // Enough history for a 5 s rate before the analyses start.
    await exporter.scraped(6, 30_000);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await prometheus?.stop();
    await exporter?.stop();
  });

  /** Runs the job on wall-clock time (Prometheus' time) until the analysis ends; bounded. */
  async function runUntilEnded(id: number, deadlineMs = 45_000): Promise<Analysis> {
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      t.clock.set(Date.now());
      await runDueAnalyses({ ctx: t.ctx });
      const view = (
        await expectJson<{ data: Analysis }>(await t.call('GET', `/api/v1/canary/analyses/${id}`), 200)
      ).data;
      if (view.status !== 'running') return view;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`analysis ${id} still running after ${deadlineMs} ms`);
  }

  const start = async (body: object) => {
    t.clock.set(Date.now());
    const created = await t.call('POST', '/api/v1/canary/analyses', { token: t.tokens.write, body });
    return (await expectJson<{ data: Analysis }>(created, 201)).data;
  };

  it('fails early a canary whose errors are 5 × the baseline', async () => {
    const analysis = await start({
      service: 'checkout',
      bakeTime: '9s',
      interval: '3s',
      step: '1s',
      metrics: metricsOf('bad'),
    });
    const ended = await runUntilEnded(analysis.id);
    expect(ended.status).toBe('fail');
    expect(ended.intervals.length).toBeLessThanOrEqual(2);
    const last = ended.intervals.at(-1);
    expect(last?.metrics.find((m) => m.name === 'errors')?.classification).toBe('High');
    expect(last?.metrics.find((m) => m.name === 'successes')?.classification).toBe('Pass');
    expect(ended.reason).toMatch(/scored 50 < marginal 75: errors is higher in the canary \(mean ×5\.00\)/);
  }, 60_000);

  it("passes an identical canary at the bake end, with its burn of the SLO's budget shown", async () => {
    const analysis = await start({
      service: 'checkout',
      bakeTime: '6s',
      interval: '3s',
      step: '1s',
      metrics: metricsOf('good'),
      sloAware: {
        slo: 'checkout-availability',
        maxBurnRate: 50,
        errorQuery: 'sum(rate(http_requests_total{app="good",track="{{variant}}",code="500"}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{app="good",track="{{variant}}"}[{{.window}}]))',
      },
    });
    const ended = await runUntilEnded(analysis.id);
    expect(ended.status).toBe('pass');
    expect(ended.intervals.map((i) => [i.index, i.verdict, i.score])).toEqual([
      [1, 'pass', 100],
      [2, 'pass', 100],
    ]);
    // Every value of the range query is judged: a 3 s window at a 1 s step holds 4 points a side.
    expect(ended.intervals[0]?.metrics[0]?.controlCount).toBeGreaterThanOrEqual(3);
    // 2 errors of 102 requests = 0.0196; ÷ the 0.001 budget of 99.9 % = 19.6× ≤ 50×.
    expect(ended.intervals[1]?.slo).toMatchObject({ ok: true });
    expect(ended.intervals[1]?.slo?.burnRate).toBeCloseTo(19.61, 1);
    expect(ended.reason).toContain('SLO checkout-availability: the canary burns its budget at 19.6');
  }, 60_000);
});

describe('a Prometheus that fails or hangs', () => {
  let hanging: Server;
  let hangingUrl: string;
  let t: TestApp;
  beforeAll(async () => {
    // Accepts and never answers: each read ends by the data source's timeout.
    hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    const model = canaryModel('http://127.0.0.1:9');
    const down = model.dataSources[0];
    if (!down) throw new Error('fixture has a data source');
    model.dataSources.push({ ...down, name: 'hanging', url: hangingUrl, timeoutMs: 1_500 });
    t = await createTestApp({ model });
  });
  afterAll(async () => {
    await t.close();
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  const get = async (id: number) =>
    (await expectJson<{ data: Analysis }>(await t.call('GET', `/api/v1/canary/analyses/${id}`), 200)).data;

  it('retries a failing read until its deadline, then judges with what there is (NoData)', async () => {
    const startedMs = t.clock.now();
    const created = await expectJson<{ data: Analysis }>(
      await t.call('POST', '/api/v1/canary/analyses', {
        token: t.tokens.write,
        body: {
          service: 'checkout',
          source: 'prom',
          bakeTime: '20s',
          interval: '10s',
          step: '1s',
          metrics: metricsOf('x'),
        },
      }),
      201,
    );
    const id = created.data.id;
    // Due at 10 s + one step; the read is refused: the error is recorded and retried, nothing judged.
    t.clock.set(startedMs + 11_000);
    await runDueAnalyses({ ctx: t.ctx });
    const retrying = await get(id);
    expect(retrying).toMatchObject({ status: 'running', intervals: [] });
    expect(retrying.lastError).toContain('errors (control): Prometheus source "prom": request failed');
    // Retried for 5 s (half the interval, at least 5 s); past that the interval is judged NoData.
    t.clock.set(startedMs + 15_000);
    await runDueAnalyses({ ctx: t.ctx });
    expect((await get(id)).intervals).toEqual([]);
    t.clock.set(startedMs + 16_000);
    await runDueAnalyses({ ctx: t.ctx });
    const judged = await get(id);
    expect(judged.status).toBe('fail');
    expect(judged.intervals[0]?.metrics.map((m) => m.classification)).toEqual(['NoData', 'NoData']);
    expect(judged.intervals[0]?.errors.length).toBe(4);
    expect(judged.reason).toContain('2 of 2 metrics have no data');
    expect(judged.lastError).toBeNull();
  });

  it('does not hold other analyses while one Prometheus hangs', async () => {
    const startedMs = t.clock.now();
    const slow = await expectJson<{ data: Analysis }>(
      await t.call('POST', '/api/v1/canary/analyses', {
        token: t.tokens.write,
        body: {
          service: 'checkout',
          source: 'hanging',
          bakeTime: '20s',
          interval: '10s',
          step: '1s',
          metrics: metricsOf('x'),
        },
      }),
      201,
    );
    const pushed = await expectJson<{ data: Analysis }>(
      await t.call('POST', '/api/v1/canary/analyses', {
        token: t.tokens.write,
        body: {
          service: 'checkout',
          source: 'pushed',
          bakeTime: '20s',
          interval: '10s',
          metrics: [{ name: 'errors' }],
        },
      }),
      201,
    );
    t.clock.set(startedMs + 11_000);
    let runEnded = false;
    const run = runDueAnalyses({ ctx: t.ctx }).then((result) => {
      runEnded = true;
      return result;
    });
    const until = Date.now() + 10_000;
    while ((await get(pushed.data.id)).intervals.length === 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Judged (NoData: nothing pushed) while the hanging read was still waiting for its timeout.
    expect((await get(pushed.data.id)).intervals).toHaveLength(1);
    expect(runEnded).toBe(false);
    expect(await run).toEqual({ judged: 1, retried: 1 });
    expect((await get(slow.data.id)).lastError).toContain('timed out after 1500ms');
  });
});
