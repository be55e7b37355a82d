import { describe, expect, it } from 'vitest';
import type { PrometheusDataSource } from '../../specs/index.ts';
import { matrixResponse, stubPrometheusFetch, vectorResponse } from '../../testing/prometheus.ts';
import {
  loadTexts,
  opensloCounterMetric,
  opensloRatioSlo,
  problemLines,
} from '../../testing/specs-fixtures.ts';
import { type PrometheusIndicator, readSliRange, readSliStep } from './read-sli.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

const source: PrometheusDataSource = {
  name: 'prod',
  kind: 'prometheus',
  url: 'http://prometheus.test:9090',
  headers: {},
  timeoutMs: 10_000,
  stepMs: MINUTE,
  origin: 'nines',
  source: { file: 'nines.yaml', line: 1, col: 1 },
};
const indicator: PrometheusIndicator = {
  kind: 'prometheus',
  source: 'prod',
  errorQuery: 'sum by (service) (rate(http_requests_total{code=~"5.."}[{{.window}}]))',
  totalQuery: 'sum by (service) (rate(http_requests_total[{{.window}}]))',
  groupBy: ['service'],
};

describe('readSliStep', () => {
  it('reads the whole bucket before endMs with two instant queries', async () => {
    // checkout: 5 req/s, 0.05 err/s -> 300 total, 3 bad; search has no 5xx series at all -> 0 bad.
    const stub = stubPrometheusFetch((call) =>
      call.form.get('query')?.includes('5..')
        ? vectorResponse([{ labels: { service: 'checkout' }, points: [[T0 + 10 * MINUTE, 0.05]] }])
        : vectorResponse([
            { labels: { service: 'checkout' }, points: [[T0 + 10 * MINUTE, 5]] },
            { labels: { service: 'search' }, points: [[T0 + 10 * MINUTE, 1]] },
          ]),
    );

    const samples = await readSliStep({
      source,
      indicator,
      env: {},
      endMs: T0 + 10 * MINUTE + 42_000,
      fetch: stub.fetch,
    });

    expect(stub.calls.map((call) => call.form.get('query'))).toEqual([
      'sum by (service) (rate(http_requests_total[1m]))',
      'sum by (service) (rate(http_requests_total{code=~"5.."}[1m]))',
    ]);
    expect(stub.calls.map((call) => Number(call.form.get('time')) * 1000)).toEqual([
      T0 + 10 * MINUTE,
      T0 + 10 * MINUTE,
    ]);
    expect(samples).toEqual([
      { labels: { service: 'checkout' }, timeMs: T0 + 9 * MINUTE, good: 297, total: 300 },
      { labels: { service: 'search' }, timeMs: T0 + 9 * MINUTE, good: 60, total: 60 },
    ]);
  });

  it('reads good events from a goodQuery', async () => {
    const stub = stubPrometheusFetch((call) =>
      vectorResponse([
        { labels: {}, points: [[T0 + MINUTE, call.form.get('query') === 'good[1m]' ? 1.5 : 2]] },
      ]),
    );

    const samples = await readSliStep({
      source,
      indicator: {
        kind: 'prometheus',
        source: 'prod',
        goodQuery: 'good[{{.window}}]',
        totalQuery: 'total[{{.window}}]',
        groupBy: [],
      },
      env: {},
      endMs: T0 + MINUTE,
      fetch: stub.fetch,
    });

    expect(samples).toEqual([{ labels: {}, timeMs: T0, good: 90, total: 120 }]);
  });
});

describe('reading an OpenSLO counter (ratioMetric.counter: true) per step', () => {
  it("queries the step's rate, so a bucket holds that minute's events and not the counters' lifetime totals", async () => {
    // The OpenSLO Go SDK's v1 example: cumulative counters, no range selector.
    const result = loadTexts({
      'o.yaml': opensloRatioSlo(
        opensloCounterMetric(
          'sum(http_requests{component="web",code=~"2xx|4xx"})',
          'sum(http_requests{component="web"})',
        ),
      ),
    });
    expect(problemLines(result)).toEqual([]);
    const loaded = result.model.slos[0]?.indicator as PrometheusIndicator;
    // This minute: 10 req/s, 9.5 of them good -> 600 requests, 570 good, whatever the counters' totals are.
    const stub = stubPrometheusFetch((call) =>
      vectorResponse([
        { labels: {}, points: [[T0 + MINUTE, call.form.get('query')?.includes('2xx') ? 9.5 : 10]] },
      ]),
    );

    const samples = await readSliStep({
      source,
      indicator: loaded,
      env: {},
      endMs: T0 + MINUTE,
      fetch: stub.fetch,
    });

    expect(stub.calls.map((call) => call.form.get('query'))).toEqual([
      'sum(rate(http_requests{component="web"}[1m]))',
      'sum(rate(http_requests{component="web",code=~"2xx|4xx"}[1m]))',
    ]);
    expect(samples).toEqual([{ labels: {}, timeMs: T0, good: 570, total: 600 }]);
  });
});

describe('readSliRange', () => {
  it('backfills 30 days at 1m in four chunks of at most 11,000 points, bucket after bucket', async () => {
    // Every evaluation answers 1 req/s and 0.1 err/s: each 1m bucket holds 60 requests, 6 of them bad.
    const stub = stubPrometheusFetch((call) => {
      const start = Number(call.form.get('start')) * 1000;
      const end = Number(call.form.get('end')) * 1000;
      const points: [number, number][] = [];
      const value = call.form.get('query')?.includes('5..') ? 0.1 : 1;
      for (let t = start; t <= end; t += MINUTE) points.push([t, value]);
      return matrixResponse([{ labels: { service: 'checkout' }, points }]);
    });

    const samples = await readSliRange({
      source,
      indicator,
      env: {},
      fromMs: T0,
      toMs: T0 + 30 * DAY,
      fetch: stub.fetch,
    });

    expect(stub.calls).toHaveLength(8);
    for (const call of stub.calls) {
      const points = (Number(call.form.get('end')) - Number(call.form.get('start'))) / 60 + 1;
      expect(points).toBeLessThanOrEqual(11_000);
      expect(call.form.get('step')).toBe('60');
    }
    // 30 days = 43,200 one-minute buckets, from T0 to T0 + 30d - 1m, none twice and none missing.
    expect(samples).toHaveLength(43_200);
    expect(samples[0]).toEqual({ labels: { service: 'checkout' }, timeMs: T0, good: 54, total: 60 });
    expect(samples.at(-1)?.timeMs).toBe(T0 + 30 * DAY - MINUTE);
    expect(samples.every((sample, i) => sample.timeMs === T0 + i * MINUTE)).toBe(true);
  });

  it('skips the query entirely for a range without a whole bucket', async () => {
    const stub = stubPrometheusFetch(() => matrixResponse([]));

    const samples = await readSliRange({
      source,
      indicator,
      env: {},
      fromMs: T0 + 1,
      toMs: T0 + MINUTE,
      fetch: stub.fetch,
    });

    expect(samples).toEqual([]);
    expect(stub.calls).toHaveLength(0);
  });
});
