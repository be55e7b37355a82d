import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NinesError } from '../../core/errors.ts';
import { emptyModel, type Model } from '../../specs/index.ts';
import { makeSlo } from '../../testing/slo-fixtures.ts';
import { decodeWriteRequest, encodeWriteRequest } from '../../testing/write-requests.ts';
import { CounterMemory, type PendingSamples } from './counters.ts';
import { decompressSnappy } from './decode.ts';
import { candidateFeeds, contribution, remoteWritePlan } from './feeds.ts';
import { parseCounterQuery, selects } from './selector.ts';
import { SeriesCache } from './series-cache.ts';

describe('decodeWriteRequest', () => {
  it('reads a hand-built snappy + protobuf WriteRequest', () => {
    // WriteRequest{timeseries:[{labels:[{name:"a",value:"b"}], samples:[{value:2, timestamp:1000}]}]}
    // Label = 0a 01 'a' 12 01 'b' (6 bytes); Sample = 09 <double 2.0 LE> 10 e8 07 (12 bytes);
    // TimeSeries = 0a 06 <label> 12 0c <sample> (22 bytes); WriteRequest = 0a 16 <series> (24 bytes).
    const protobuf = [
      0x0a, 0x16, 0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x62, 0x12, 0x0c, 0x09, 0, 0, 0, 0, 0, 0, 0, 0x40,
      0x10, 0xe8, 0x07,
    ];
    // Snappy block: varint length 24, then one literal of 24 bytes (tag (24-1)<<2 = 0x5c).
    const body = Uint8Array.from([24, 0x5c, ...protobuf]);
    expect(decodeWriteRequest(body)).toEqual([
      { labels: { a: 'b' }, samples: [{ value: 2, timestampMs: 1000 }] },
    ]);
  });

  it('round-trips what encodeWriteRequest builds', () => {
    const series = [
      {
        labels: { __name__: 'x_total', job: 'api' },
        samples: [{ value: 7.5, timestampMs: 1_765_000_000_123 }],
      },
    ];
    expect(decodeWriteRequest(encodeWriteRequest(series))).toEqual(series);
  });

  it('refuses a body that is not snappy, with invalid_input', () => {
    expect(() => decodeWriteRequest(Uint8Array.from([1, 2, 3, 4, 5]))).toThrow(/not snappy/);
    try {
      decodeWriteRequest(Uint8Array.from([9, 9]));
    } catch (error) {
      expect(error).toBeInstanceOf(NinesError);
      expect((error as NinesError).code).toBe('invalid_input');
    }
  });

  it('refuses snappy that is not protobuf', () => {
    // A literal of 3 bytes 0xff 0xff 0xff: field 31, wire type 7, which protobuf does not have.
    expect(() => decodeWriteRequest(Uint8Array.from([3, 0x08, 0xff, 0xff, 0xff]))).toThrow(
      /not a protobuf WriteRequest/,
    );
  });

  it('refuses a body that decompresses past the limit before allocating it', () => {
    // Varint 0x80 0x80 0x80 0x10 = 2^25 = 32 MiB declared; the limit here is 1 KiB.
    expect(() => decompressSnappy(Uint8Array.from([0x80, 0x80, 0x80, 0x10, 0]), 1024)).toThrow(/more than/);
  });
});

describe('parseCounterQuery', () => {
  it('reads sum(rate(metric{matchers}[window])) with every operator', () => {
    const parsed = parseCounterQuery(
      `sum(rate(http_requests_total{job="api", code=~"5..", env!='dev', path!~"/health.*"}[{{.window}}]))`,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { selector } = parsed;
    expect(selector.by).toEqual([]);
    expect(
      selects(selector, {
        __name__: 'http_requests_total',
        job: 'api',
        code: '503',
        env: 'prod',
        path: '/pay',
      }),
    ).toBe(true);
    expect(selects(selector, { __name__: 'http_requests_total', job: 'api', code: '200', env: 'prod' })).toBe(
      false,
    );
    // `=~` is anchored as in PromQL: "5.." does not match "1500".
    expect(selects(selector, { __name__: 'http_requests_total', job: 'api', code: '1500' })).toBe(false);
    expect(selects(selector, { __name__: 'http_requests_total', job: 'api', code: '500', env: 'dev' })).toBe(
      false,
    );
    expect(
      selects(selector, { __name__: 'http_requests_total', job: 'api', code: '500', path: '/healthz' }),
    ).toBe(false);
    expect(selects(selector, { __name__: 'other_total', job: 'api', code: '500' })).toBe(false);
  });

  it('reads by (…) before or after the sum and increase(…)', () => {
    const before = parseCounterQuery('sum by (service) (increase(x_total[{{.window}}]))');
    const after = parseCounterQuery('sum(rate(x_total{a="b"}[{{.window}}])) by (service, route)');
    expect(before.ok && before.selector.by).toEqual(['service']);
    expect(after.ok && after.selector.by).toEqual(['service', 'route']);
  });

  it('gives a reason for every other shape', () => {
    const reasons = [
      'rate(x_total[{{.window}}])',
      'sum(rate(x_total[5m]))',
      'sum(rate(x_total[{{.window}}])) / 2',
      'sum without (pod) (rate(x_total[{{.window}}]))',
      'sum(rate({job="a"}[{{.window}}]))',
      'sum(histogram_quantile(0.9, rate(x_bucket[{{.window}}])))',
    ].map((query) => parseCounterQuery(query));
    for (const parsed of reasons) {
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('CounterMemory', () => {
  it('turns cumulative values into increases, counting a reset as the new value', () => {
    const memory = new CounterMemory();
    const pending: PendingSamples = new Map();
    // 10 (baseline) → 15: +5 → 4 (reset): +4 → 4 at an older time: ignored → 9: +5. Total 14.
    const increases = [
      memory.increase('s', 1000, 10, pending),
      memory.increase('s', 2000, 15, pending),
      memory.increase('s', 3000, 4, pending),
      memory.increase('s', 2500, 4, pending),
      memory.increase('s', 4000, 9, pending),
    ];
    expect(increases).toEqual([undefined, 5, 4, undefined, 5]);
  });

  it('remembers a request only once committed, so a retried request counts again', () => {
    const memory = new CounterMemory();
    const first: PendingSamples = new Map();
    memory.increase('s', 1000, 10, first);
    memory.commit(first);
    expect(memory.increase('s', 2000, 13, new Map())).toBe(3); // not committed (the store failed)
    expect(memory.increase('s', 2000, 13, new Map())).toBe(3); // the retry counts the same 3
  });

  it('forgets series not seen since a time, and counts them again from a new baseline', () => {
    const memory = new CounterMemory();
    const pending: PendingSamples = new Map();
    memory.increase('gone', 1000, 10, pending);
    memory.increase('live', 5000, 10, pending);
    memory.commit(pending);
    memory.forgetBefore(2000);
    expect(memory.size).toBe(1);
    expect(memory.increase('gone', 6000, 15, new Map())).toBeUndefined(); // a baseline again
    expect(memory.increase('live', 6000, 15, new Map())).toBe(5);
  });

  it('ignores stale markers (NaN) without losing the baseline', () => {
    const memory = new CounterMemory();
    const pending: PendingSamples = new Map();
    memory.increase('s', 1000, 10, pending);
    expect(memory.increase('s', 2000, Number.NaN, pending)).toBeUndefined();
    expect(memory.increase('s', 3000, 12, pending)).toBe(2);
  });
});

describe('remoteWritePlan', () => {
  function model(remoteWrite: boolean, errorQuery: string): Model {
    const slo = makeSlo({
      name: 'api',
      indicator: {
        kind: 'prometheus',
        source: 'prod',
        errorQuery,
        totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
        groupBy: [],
      },
    });
    const source = {
      name: 'prod',
      kind: 'prometheus' as const,
      url: 'http://127.0.0.1:9090',
      headers: {},
      timeoutMs: 1000,
      stepMs: 60_000,
      remoteWrite,
      origin: 'nines' as const,
      source: { file: 'nines.yaml', line: 1, col: 1 },
    };
    return { ...emptyModel(), slos: [slo], dataSources: [source] };
  }

  it('feeds an SLO of a remoteWrite source; a 5xx series counts in total, not in good', () => {
    const plan = remoteWritePlan(
      model(true, 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))'),
    );
    expect(plan.polled).toEqual([]);
    expect([...plan.feedsByMetric.keys()]).toEqual(['http_requests_total']);
    const feed = plan.feeds[0];
    if (!feed) throw new Error('no feed');
    expect(contribution(feed, { __name__: 'http_requests_total', job: 'api', code: '500' })).toEqual({
      good: false,
    });
    expect(contribution(feed, { __name__: 'http_requests_total', job: 'api', code: '200' })).toEqual({
      good: true,
    });
    expect(contribution(feed, { __name__: 'http_requests_total', job: 'web', code: '200' })).toBeUndefined();
  });

  it('keeps polling an SLO whose query it cannot evaluate, naming why', () => {
    const plan = remoteWritePlan(model(true, 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}])) * 2'));
    expect(plan.feeds).toEqual([]);
    expect(plan.polled).toEqual([{ slo: 'api', reason: expect.stringMatching(/^errorQuery: /) }]);
  });

  it('feeds nothing of a source without remoteWrite', () => {
    const plan = remoteWritePlan(model(false, 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))'));
    expect(plan).toEqual({ feeds: [], feedsByMetric: new Map(), polled: [] });
  });
});

describe('candidateFeeds', () => {
  // SLOs selecting by service (=), by job (=), by a service regex only, and on another metric.
  const selectors = [
    'http_requests_total{service="a"}',
    'http_requests_total{service="b",code!="404"}',
    'http_requests_total{service="b",job="web"}',
    'http_requests_total{job="web"}',
    'http_requests_total{service=~"a|c"}',
    'http_requests_total',
    'grpc_requests_total{service="a"}',
  ];
  const model: Model = {
    ...emptyModel(),
    slos: selectors.map((selector, i) =>
      makeSlo({
        name: `slo-${i}`,
        indicator: {
          kind: 'prometheus',
          source: 'prod',
          errorQuery: `sum(rate(${selector.replace(/}?$/, (end) => (end ? ',code=~"5.."}' : '{code=~"5.."}'))}[{{.window}}]))`,
          totalQuery: `sum(rate(${selector}[{{.window}}]))`,
          groupBy: [],
        },
      }),
    ),
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
  const plan = remoteWritePlan(model);

  it('offers every feed a series contributes to, whatever its labels', () => {
    expect(plan.feeds).toHaveLength(selectors.length);
    const labels = fc.record(
      {
        __name__: fc.constantFrom('http_requests_total', 'grpc_requests_total', 'other'),
        service: fc.constantFrom('a', 'b', 'c', ''),
        job: fc.constantFrom('web', 'api'),
        code: fc.constantFrom('200', '404', '500'),
      },
      { requiredKeys: ['__name__'] },
    );
    fc.assert(
      fc.property(labels, (series) => {
        const wanted = (feeds: typeof plan.feeds) =>
          feeds
            .filter((feed) => contribution(feed, series))
            .map((feed) => feed.spec.name)
            .sort();
        expect(wanted(candidateFeeds(plan, series))).toEqual(wanted(plan.feeds));
      }),
      { numRuns: 300 },
    );
  });

  it('offers a series only the feeds its service names, and those without a service', () => {
    const offered = candidateFeeds(plan, { __name__: 'http_requests_total', service: 'a', job: 'api' });
    expect(offered.map((feed) => feed.spec.name).sort()).toEqual(['slo-0', 'slo-3', 'slo-4', 'slo-5']);
  });
});

describe('SeriesCache', () => {
  it('keeps at most two generations, and what is asked for stays', () => {
    const cache = new SeriesCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3); // the young generation {a, b} ages
    expect(cache.get('a')).toBe(1); // asked for: moves back to the young one
    cache.set('d', 4); // {c, a} ages; {a, b} is dropped
    cache.set('e', 5);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1); // from the old generation {c, a}: young {d, e} ages, {c, a} is dropped
    expect(cache.size).toBe(3); // young {a}, old {d, e}
    expect(cache.get('c')).toBeUndefined();
    expect([cache.get('d'), cache.get('e')]).toEqual([4, 5]);
  });
});
