import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NinesError } from '../../core/errors.ts';
import type { PrometheusDataSource } from '../../specs/index.ts';
import {
  freePort,
  hasBinary,
  PROMETHEUS_BIN,
  PROMTOOL_BIN,
  type RunningPrometheus,
  shopHistory,
  startPrometheus,
  startTestExporter,
  type TestExporter,
} from '../../testing/prometheus.ts';
import {
  loadTexts,
  opensloCounterMetric,
  opensloRatioSlo,
  problemLines,
} from '../../testing/specs-fixtures.ts';
import { planBatches } from './batch-plan.ts';
import type { SliSample } from './combine-series.ts';
import {
  type PrometheusIndicator,
  readNearTotalMembers,
  readSliRange,
  readSliRangeBatch,
  readSliStep,
  readSliTail,
  readSliTailBatch,
} from './read-sli.ts';

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const available = hasBinary(PROMETHEUS_BIN) && hasBinary(PROMTOOL_BIN);

// Four hours of history starting at a whole hour H0 (ending at least an hour ago, clear of the head
// block), one sample every 15 s. checkout serves 10 req/s and fails 1 req/s during the second hour only;
// search serves 5 req/s and has no 5xx series at all.
const H0 = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;

function indicatorFor(job: string): PrometheusIndicator {
  return {
    kind: 'prometheus',
    source: 'local',
    errorQuery: `sum by (service) (rate(http_requests_total{job="${job}",code=~"5.."}[{{.window}}]))`,
    totalQuery: `sum by (service) (rate(http_requests_total{job="${job}"}[{{.window}}]))`,
    groupBy: ['service'],
  };
}

function totals(samples: SliSample[], service: string) {
  const mine = samples.filter((sample) => sample.labels.service === service);
  return {
    buckets: mine.length,
    good: mine.reduce((sum, s) => sum + s.good, 0),
    total: mine.reduce((sum, s) => sum + s.total, 0),
  };
}

/** checkout and search as one batch of per-service SLOs whose second query selects `matcher`. */
function perServiceBatch(matcher: string, counts: 'error' | 'good') {
  const perService = (service: string): PrometheusIndicator => {
    const second = `sum(rate(http_requests_total{job="history",service="${service}",${matcher}}[{{.window}}]))`;
    return {
      kind: 'prometheus',
      source: 'local',
      ...(counts === 'error' ? { errorQuery: second } : { goodQuery: second }),
      totalQuery: `sum(rate(http_requests_total{job="history",service="${service}"}[{{.window}}]))`,
      groupBy: [],
    };
  };
  const plan = planBatches(['checkout', 'search'].map((id) => ({ id, indicator: perService(id) })));
  const batch = plan.batches[0];
  if (!batch?.sameGroups) throw new Error('expected one batch whose queries group alike');
  return { indicator: perService('checkout'), batch };
}

describe.skipIf(!available)('reading SLIs from a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let exporter: TestExporter;
  let source: PrometheusDataSource;

  beforeAll(async () => {
    // Traffic is tied to scrapes, not to the clock: each scrape sees 10 more 200s and 1 more 500 on
    // checkout and 5 more 200s on search, so checkout's good ratio is 10/11 whatever the scrape timing.
    exporter = await startTestExporter({
      metric: 'http_requests_total',
      beforeScrape: (self) => {
        self.add({ service: 'checkout', code: '200' }, 10);
        self.add({ service: 'checkout', code: '500' }, 1);
        self.add({ service: 'search', code: '200' }, 5);
      },
    });
    prometheus = await startPrometheus({
      scrapeTargets: [exporter.target],
      history: { metric: 'http_requests_total', series: shopHistory('history', H0) },
    });
    source = {
      name: 'local',
      kind: 'prometheus',
      url: prometheus.url,
      headers: {},
      timeoutMs: 10_000,
      stepMs: MINUTE,
      origin: 'nines',
      source: { file: 'nines.yaml', line: 1, col: 1 },
    };
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('backfills four hours of history bucket by bucket across several range queries', async () => {
    const samples = await readSliRange({
      source,
      indicator: indicatorFor('history'),
      env: {},
      fromMs: H0,
      toMs: H0 + 4 * HOUR,
      maxPointsPerQuery: 100,
    });

    // 240 one-minute buckets per service. checkout: 600 good in each; 60 more (bad) requests in each of
    // the 60 buckets of the second hour: total 240 x 600 + 60 x 60 = 147,600, good 144,000.
    // search: 240 x 300 = 72,000, all good, although its error query returns nothing.
    expect(totals(samples, 'checkout').buckets).toBe(240);
    expect(totals(samples, 'checkout').total).toBeCloseTo(147_600, 6);
    expect(totals(samples, 'checkout').good).toBeCloseTo(144_000, 6);
    expect(totals(samples, 'search').buckets).toBe(240);
    expect(totals(samples, 'search').total).toBeCloseTo(72_000, 6);
    expect(totals(samples, 'search').good).toBeCloseTo(72_000, 6);
    // Chunk seams (after 100 and 200 buckets) lose and repeat nothing: buckets are H0, H0+1m, ... H0+239m.
    const checkoutTimes = samples.filter((s) => s.labels.service === 'checkout').map((s) => s.timeMs);
    expect(checkoutTimes).toEqual(Array.from({ length: 240 }, (_, i) => H0 + i * MINUTE));
  });

  it('gives a batch of per-service SLOs the very buckets their own queries give', async () => {
    // One SLO per service, as a fleet writes them; "gone" has no series at all.
    const perService = (service: string): PrometheusIndicator => ({
      kind: 'prometheus',
      source: 'local',
      errorQuery: `sum(rate(http_requests_total{job="history",service="${service}",code=~"5.."}[{{.window}}]))`,
      totalQuery: `sum(rate(http_requests_total{job="history",service="${service}"}[{{.window}}]))`,
      groupBy: [],
    });
    const services = ['checkout', 'search', 'gone'];
    const plan = planBatches(services.map((service) => ({ id: service, indicator: perService(service) })));
    expect(plan.alone).toEqual([]);
    const batch = plan.batches[0];
    if (!batch) throw new Error('expected one batch');
    const range = { source, env: {}, fromMs: H0, toMs: H0 + 4 * HOUR, maxPointsPerQuery: 100 };
    const batched = await readSliRangeBatch({ ...range, indicator: perService('checkout'), batch });
    for (const service of services) {
      const alone = await readSliRange({ ...range, indicator: perService(service) });
      const mine = batched.get(service) ?? [];
      expect(mine.map((s) => [s.labels, s.timeMs])).toEqual(alone.map((s) => [s.labels, s.timeMs]));
      mine.forEach((sample, i) => {
        expect(sample.good).toBeCloseTo(alone[i]?.good ?? Number.NaN, 9);
        expect(sample.total).toBeCloseTo(alone[i]?.total ?? Number.NaN, 9);
      });
    }
    // The hand-computed figures of the backfill above, through the batch.
    const sum = (service: string, key: 'good' | 'total') =>
      (batched.get(service) ?? []).reduce((total, s) => total + s[key], 0);
    expect(sum('checkout', 'total')).toBeCloseTo(147_600, 6);
    expect(sum('checkout', 'good')).toBeCloseTo(144_000, 6);
    expect(sum('search', 'total')).toBeCloseTo(72_000, 6);
    expect(batched.get('gone')).toEqual([]);
  });

  it('reads a tail that ends between steps as one span of events, alone and batched', async () => {
    // 90 s in the middle of the failing hour: checkout 11 req/s with 1 failing, search 5 req/s.
    const span = { source, env: {}, fromMs: H0 + 90 * MINUTE, toMs: H0 + 91 * MINUTE + 30 * SECOND };
    const samples = await readSliTail({ ...span, indicator: indicatorFor('history') });
    expect(samples.map((s) => s.timeMs)).toEqual([span.fromMs, span.fromMs]);
    expect(totals(samples, 'checkout').total).toBeCloseTo(990, 6);
    expect(totals(samples, 'checkout').good).toBeCloseTo(900, 6);
    expect(totals(samples, 'search').total).toBeCloseTo(450, 6);
    expect(totals(samples, 'search').good).toBeCloseTo(450, 6);

    const batch = perServiceBatch('code=~"5.."', 'error');
    const batched = await readSliTailBatch({ ...span, indicator: batch.indicator, batch: batch.batch });
    expect(batched.get('checkout')?.[0]?.total).toBeCloseTo(990, 6);
    expect(batched.get('checkout')?.[0]?.good).toBeCloseTo(900, 6);
    expect(batched.get('search')?.[0]?.total).toBeCloseTo(450, 6);
  });

  it('finds the members whose failing share of a tail reaches the near-total ratio, and only them', async () => {
    // The same 90 s: checkout fails 90 of 990 requests (1/11 ≈ 0.091), search none of 450.
    const span = { source, env: {}, fromMs: H0 + 90 * MINUTE, toMs: H0 + 91 * MINUTE + 30 * SECOND };
    const near = async (batch: ReturnType<typeof perServiceBatch>, ratio: number) => [
      ...(await readNearTotalMembers({ ...span, indicator: batch.indicator, batch: batch.batch, ratio })),
    ];
    const errors = perServiceBatch('code=~"5.."', 'error');
    expect(await near(errors, 0.09)).toEqual(['checkout']);
    expect(await near(errors, 0.1)).toEqual([]);
    // Counting the 500s as "good" turns it around: checkout fails 900 of 990 (10/11 ≈ 0.909), and search,
    // which has no 500 series at all, fails everything — a group with a total and no good series.
    const inverted = perServiceBatch('code="500"', 'good');
    expect(await near(inverted, 0.9)).toEqual(['checkout', 'search']);
    expect(await near(inverted, 0.95)).toEqual(['search']);
  });

  it('reads the bucket that ends at the last step boundary', async () => {
    const samples = await readSliStep({
      source,
      indicator: indicatorFor('history'),
      env: {},
      endMs: H0 + 90 * MINUTE + 30 * SECOND,
    });

    // Bucket [H0+89m, H0+90m) lies in the failing hour: checkout 660 requests, 60 failed.
    expect(samples).toHaveLength(2);
    expect(samples[0]?.labels).toEqual({ service: 'checkout' });
    expect(samples[0]?.timeMs).toBe(H0 + 89 * MINUTE);
    expect(samples[0]?.total).toBeCloseTo(660, 6);
    expect(samples[0]?.good).toBeCloseTo(600, 6);
    expect(samples[1]?.labels).toEqual({ service: 'search' });
    expect(samples[1]?.total).toBeCloseTo(300, 6);
    expect(samples[1]?.good).toBeCloseTo(300, 6);
  });

  it('reads an OpenSLO counter (counter: true, no range) as that minute’s events, not the lifetime totals', async () => {
    // The OpenSLO Go SDK's v1 SLO shape: cumulative counters summed, no range selector.
    const loaded = loadTexts({
      'o.yaml': opensloRatioSlo(
        opensloCounterMetric(
          'sum(http_requests_total{job="history",service="checkout",code="200"})',
          'sum(http_requests_total{job="history",service="checkout"})',
        ),
      ),
    });
    expect(problemLines(loaded)).toEqual([]);

    const samples = await readSliStep({
      source,
      indicator: loaded.model.slos[0]?.indicator as PrometheusIndicator,
      env: {},
      endMs: H0 + 90 * MINUTE + 30 * SECOND,
    });

    // Bucket [H0+89m, H0+90m): 660 requests, 600 good. Read as totals, the counters would say 55,800
    // requests so far (54,000 good) and count them as per-second rates: 3,348,000 events in one minute.
    expect(samples).toHaveLength(1);
    expect(samples[0]?.timeMs).toBe(H0 + 89 * MINUTE);
    expect(samples[0]?.total).toBeCloseTo(660, 6);
    expect(samples[0]?.good).toBeCloseTo(600, 6);
  });

  it('reads what Prometheus scraped a moment ago', async () => {
    // Seven scrapes at 1 s span 6 s, which holds the 3 s bucket that ends at the last 3 s boundary before now.
    await exporter.scraped(7);

    const samples = await readSliStep({
      source: { ...source, stepMs: 3 * SECOND },
      indicator: indicatorFor('exporter'),
      env: {},
      endMs: Date.now(),
    });

    const checkout = samples.find((s) => s.labels.service === 'checkout');
    const search = samples.find((s) => s.labels.service === 'search');
    expect(checkout && checkout.good / checkout.total).toBeCloseTo(10 / 11, 9);
    expect(search?.total).toBeGreaterThan(0);
    expect(search?.good).toBe(search?.total);
  });

  it('stays within the server limit of 11,000 points per series', async () => {
    let requests = 0;
    const counting = ((...args: Parameters<typeof fetch>) => {
      requests += 1;
      return fetch(...args);
    }) as typeof fetch;
    const base = {
      source: { ...source, stepMs: SECOND },
      indicator: indicatorFor('history'),
      env: {},
      fetch: counting,
    };

    // 11,000 one-second buckets fit one range query per query; one bucket more needs a second chunk.
    await readSliRange({ ...base, fromMs: H0, toMs: H0 + 11_000 * SECOND });
    expect(requests).toBe(2);
    await readSliRange({ ...base, fromMs: H0, toMs: H0 + 11_001 * SECOND });
    expect(requests).toBe(2 + 4);
  });

  it('reports a query Prometheus rejects, with its reason', async () => {
    const broken = { ...indicatorFor('history'), totalQuery: 'sum(rate(http_requests_total[{{.window}}])' };

    const error = await readSliStep({ source, indicator: broken, env: {}, endMs: H0 + HOUR }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(NinesError);
    expect((error as NinesError).code).toBe('unavailable');
    expect((error as NinesError).message).toMatch(
      /^Prometheus source "local": HTTP 400, bad_data: .*parse error/,
    );
  });

  it('reports a refused connection', async () => {
    const closed = { ...source, url: `http://127.0.0.1:${await freePort()}` };

    const error = await readSliStep({
      source: closed,
      indicator: indicatorFor('history'),
      env: {},
      endMs: H0 + HOUR,
    }).catch((e: unknown) => e);

    expect((error as NinesError).message).toBe('Prometheus source "local": connection refused');
  });
});
