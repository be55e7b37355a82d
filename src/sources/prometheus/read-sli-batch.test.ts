import { describe, expect, it } from 'vitest';
import type { PrometheusDataSource } from '../../specs/index.ts';
import { matrixResponse, stubPrometheusFetch } from '../../testing/prometheus.ts';
import { planBatches } from './batch-plan.ts';
import { type PrometheusIndicator, readSliRangeBatch } from './read-sli.ts';

const MINUTE = 60_000;
const T = Date.parse('2026-03-02T12:00:00Z');

const source: PrometheusDataSource = {
  name: 'default',
  kind: 'prometheus',
  url: 'http://prometheus.test',
  headers: {},
  timeoutMs: 1000,
  stepMs: MINUTE,
  origin: 'nines',
  source: { file: 't.yaml', line: 1, col: 1 },
};

const fleet = (service: string): PrometheusIndicator => ({
  kind: 'prometheus',
  source: 'default',
  errorQuery: `sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`,
  totalQuery: `sum(rate(http_requests_total{service="${service}"}[{{.window}}]))`,
  groupBy: [],
});

describe('readSliRangeBatch', () => {
  it('gives each SLO of a batch the buckets its own queries would give', async () => {
    const plan = planBatches(['svc-1', 'svc-2', 'svc-3'].map((s) => ({ id: s, indicator: fleet(s) })));
    const batch = plan.batches[0];
    if (!batch) throw new Error('expected a batch');
    // Two minutes: svc-1 serves 10 req/s with 1 failing, svc-2 5 req/s with no 5xx series, svc-3 nothing.
    const points = (value: number): [number, number][] => [
      [T + MINUTE, value],
      [T + 2 * MINUTE, value],
    ];
    const prometheus = stubPrometheusFetch((call) =>
      call.form.get('query')?.includes('5..')
        ? matrixResponse([{ labels: { service: 'svc-1' }, points: points(1) }])
        : matrixResponse([
            { labels: { service: 'svc-1' }, points: points(10) },
            { labels: { service: 'svc-2' }, points: points(5) },
          ]),
    );
    const samples = await readSliRangeBatch({
      source,
      indicator: fleet('svc-1'),
      batch,
      env: {},
      fromMs: T,
      toMs: T + 2 * MINUTE,
      fetch: prometheus.fetch,
    });
    // One request: the total and error queries paired in one expression.
    expect(prometheus.calls).toHaveLength(1);
    expect(prometheus.calls[0]?.form.get('query')).toMatch(/^label_replace\(sum by \(service\)/);
    expect(samples.get('svc-1')).toEqual([
      { labels: {}, timeMs: T, good: 540, total: 600 },
      { labels: {}, timeMs: T + MINUTE, good: 540, total: 600 },
    ]);
    expect(samples.get('svc-2')).toEqual([
      { labels: {}, timeMs: T, good: 300, total: 300 },
      { labels: {}, timeMs: T + MINUTE, good: 300, total: 300 },
    ]);
    expect(samples.get('svc-3')).toEqual([]);
  });
});
