import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { emptyModel, type Model } from '../../specs/index.ts';
import { makeSlo } from '../../testing/slo-fixtures.ts';
import { encodeWriteRequest } from '../../testing/write-requests.ts';
import type { WriteSeries } from './decode.ts';
import { remoteWritePlan } from './feeds.ts';
import { SeriesDecisions } from './series-decisions.ts';
import { scanWriteRequest } from './write-request-reader.ts';

const model: Model = {
  ...emptyModel(),
  slos: [
    makeSlo({
      name: 'api',
      indicator: {
        kind: 'prometheus',
        source: 'prod',
        errorQuery: 'sum by (route) (rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum by (route) (rate(http_requests_total{job="api"}[{{.window}}]))',
        groupBy: ['route'],
      },
    }),
  ],
  dataSources: [
    {
      name: 'prod',
      kind: 'prometheus',
      url: 'http://127.0.0.1:9090',
      headers: {},
      timeoutMs: 1000,
      stepMs: 60_000,
      remoteWrite: true,
      origin: 'nines',
      source: { file: 'nines.yaml', line: 1, col: 1 },
    },
  ],
};

const scan = (series: WriteSeries[]) =>
  scanWriteRequest(snappy.uncompress(encodeWriteRequest(series)) as Uint8Array);
const sample = [{ value: 1, timestampMs: 1000 }];
const requests = (code: string, route = '/pay'): WriteSeries => ({
  labels: { __name__: 'http_requests_total', code, job: 'api', route },
  samples: sample,
});

describe('SeriesDecisions', () => {
  const decisions = new SeriesDecisions(
    remoteWritePlan(model),
    (feed, labels) => `${feed.spec.name}:${labels.route}`,
  );

  it('names the instance and whether a series counts as good, and skips series no SLO selects', () => {
    const wanted = decisions.wanted(
      scan([
        requests('200'),
        requests('503', '/refund'),
        { labels: { __name__: 'http_requests_total', job: 'web', route: '/' }, samples: sample },
        { labels: { __name__: 'go_goroutines', job: 'api' }, samples: sample },
        { labels: { __name__: 'http_requests_total', job: 'api', route: '/' }, samples: [] },
      ]),
    );
    expect(
      wanted.map(({ index, decision }) => ({
        index,
        parts: decision.parts.map(({ slo, good }) => ({ slo, good })),
      })),
    ).toEqual([
      { index: 0, parts: [{ slo: 'api:/pay', good: true }] },
      { index: 1, parts: [{ slo: 'api:/refund', good: false }] },
    ]);
  });

  it('decides a series sent again from its label bytes, without decoding it', () => {
    const first = decisions.wanted(scan([requests('200')]));
    const again = decisions.wanted(scan([requests('200')]));
    expect(again[0]?.decision).toBe(first[0]?.decision);
  });

  it('does not read the labels of a series whose metric no SLO reads (a bad label there refuses nothing)', () => {
    // go_goroutines{job="\xff"}: not UTF-8, but its metric feeds no SLO.
    const label = (name: string, value: number[]) => [
      0x0a,
      name.length + value.length + 4,
      0x0a,
      name.length,
      ...Buffer.from(name),
      0x12,
      value.length,
      ...value,
    ];
    const series = [...label('__name__', [...Buffer.from('go_goroutines')]), ...label('job', [0xff])];
    const sampleField = [0x12, 9, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f];
    const body = Uint8Array.from([0x0a, series.length + sampleField.length, ...series, ...sampleField]);
    expect(() => scanWriteRequest(body).labels(0)).toThrow(/not valid UTF-8/);
    expect(decisions.wanted(scanWriteRequest(body))).toEqual([]);
  });
});
