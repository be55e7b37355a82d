import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyModel, evaluateSlos, pollPrometheus, type SloStatusView } from '../../engine/index.ts';
import type { WriteSeries } from '../../sources/remote-write/index.ts';
import type { Model } from '../../specs/index.ts';
import { prometheusSlo } from '../../testing/prometheus.ts';
import { createTestApp, type TestApp, testModel } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';
import { encodeWriteRequest } from '../../testing/write-requests.ts';

/** The test model with its data source opted in, and api-availability on http_requests_total{job="api"}. */
function remoteWriteModel(): Model {
  const model = testModel();
  return {
    ...model,
    dataSources: model.dataSources.map((source) => ({ ...source, remoteWrite: true })),
    slos: [
      ...model.slos,
      prometheusSlo({
        service: 'checkout',
        indicator: {
          kind: 'prometheus',
          source: 'default',
          errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))',
          totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
          groupBy: [],
        },
      }),
    ],
  };
}

const remoteWriteHeaders = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
};

describe.each(await testEngines())('POST /api/v1/write on $name', (engine: TestEngine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({ openDb: async () => opened.db, model: remoteWriteModel() });
  });
  afterAll(async () => {
    await t.close().catch(() => {});
    await dispose().catch(() => {});
  });

  const send = (
    body: Uint8Array | string,
    headers: Record<string, string> = remoteWriteHeaders,
    token = t.tokens.write,
  ) =>
    Promise.resolve(
      t.app.request('/api/v1/write', {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${token}` },
        body: body as RequestInit['body'],
      }),
    );
  const series = (code: string, points: [number, number][]): WriteSeries => ({
    labels: { __name__: 'http_requests_total', job: 'api', code, instance: 'a:80' },
    samples: points.map(([agoSeconds, value]) => ({ timestampMs: t.clock.now() - agoSeconds * 1000, value })),
  });
  const bucket = async () =>
    (
      await t.db.query<{ good: number; total: number }>(
        "SELECT good, total FROM sli_buckets WHERE slo = 'api-availability'",
      )
    ).map((row) => ({ good: Number(row.good), total: Number(row.total) }));

  it('counts counter increases, a reset as the new value, and stores them before the 204', async () => {
    // 200s: 100 (baseline) → 160 (+60) → 10 (reset: +10). 5xx: 5 (baseline) → 8 (+3) → 9 (+1).
    // total = 60 + 10 + 3 + 1 = 74; good = total − 5xx = 74 − 4 = 70. All in the minute 11:59.
    const body = encodeWriteRequest([
      series('200', [
        [50, 100],
        [40, 160],
        [30, 10],
      ]),
      series('500', [
        [50, 5],
        [40, 8],
        [30, 9],
      ]),
      // Feeds no SLO: accepted and dropped.
      {
        labels: { __name__: 'http_requests_total', job: 'web', code: '200' },
        samples: [{ timestampMs: t.clock.now() - 30_000, value: 1e6 }],
      },
    ]);
    const response = await send(body);
    expect(response.status).toBe(204);
    expect(await bucket()).toEqual([{ good: 70, total: 74 }]);
    await evaluateSlos({ ctx: t.ctx });
    const view = (await (await t.call('GET', '/api/v1/slos/api-availability')).json()) as SloStatusView;
    // Bad ratio 4/74 = 0.054054; budget 0.001 → consumed 54.054, remaining −53.054.
    expect(view.sli).toEqual({ good: 70, total: 74, ratio: 70 / 74 });
    expect(view.errorBudget.remaining).toBeCloseTo(-53.054, 3);
  });

  it('counts nothing twice when Prometheus resends a request, and counts what follows it', async () => {
    const resent = encodeWriteRequest([series('200', [[30, 10]]), series('500', [[30, 9]])]);
    expect((await send(resent)).status).toBe(204);
    expect(await bucket()).toEqual([{ good: 70, total: 74 }]);
    // Next samples: 200s 10 → 25 (+15), 5xx 9 → 11 (+2), still in the minute 11:59: 70 + 15 = 85 good of 91.
    const next = encodeWriteRequest([series('200', [[20, 25]]), series('500', [[20, 11]])]);
    expect((await send(next)).status).toBe(204);
    expect(await bucket()).toEqual([{ good: 85, total: 91 }]);
  });

  it('stores concurrent requests together, and one past the minute limit fails alone', async () => {
    // Request n (1..20) carries a series of its own going 0 → n: together +210 good of 210.
    const requests = Array.from({ length: 20 }, (_, i) =>
      encodeWriteRequest([
        {
          labels: { __name__: 'http_requests_total', job: 'api', code: '200', instance: `c-${i + 1}` },
          samples: [
            { timestampMs: t.clock.now() - 50_000, value: 0 },
            { timestampMs: t.clock.now() - 40_000, value: i + 1 },
          ],
        },
      ]),
    );
    // 0 → 2e15 in one minute: above the 1e15 per-minute limit.
    const huge = encodeWriteRequest([
      series('200', []),
      {
        labels: { __name__: 'http_requests_total', job: 'api', code: '200', instance: 'huge' },
        samples: [
          { timestampMs: t.clock.now() - 50_000, value: 0 },
          { timestampMs: t.clock.now() - 40_000, value: 2e15 },
        ],
      },
    ]);
    const answers = await Promise.all(
      [...requests.slice(0, 10), huge, ...requests.slice(10)].map((body) => send(body)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([
      ...Array(10).fill(204),
      400,
      ...Array(10).fill(204),
    ]);
    expect(await answers[10]?.json()).toMatchObject({ error: { code: 'invalid_input', message: /1e15/ } });
    // 85 good of 91 before, + 210: 295 of 301.
    expect(await bucket()).toEqual([{ good: 295, total: 301 }]);
  });

  it('refuses malformed bodies with a 400 that names the problem, and stores nothing', async () => {
    const before = await bucket();
    const notSnappy = await send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect(notSnappy.status).toBe(400);
    expect(await notSnappy.json()).toMatchObject({ error: { code: 'invalid_input', message: /not snappy/ } });
    const notProtobuf = await send(Uint8Array.from([3, 0x08, 0xff, 0xff, 0xff]));
    expect(notProtobuf.status).toBe(400);
    expect(await notProtobuf.json()).toMatchObject({ error: { message: /not a protobuf WriteRequest/ } });
    // A snappy header declaring 2^25 + 2^20 bytes (33 MiB) decompressed.
    const tooLarge = await send(Uint8Array.from([0x80, 0x80, 0x80, 0x10 | 0x01, 0]));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toMatchObject({ error: { message: /more than 32 MiB/ } });
    expect(await bucket()).toEqual(before);
  });

  it('answers 415 for a body that is not snappy protobuf, and needs a write token', async () => {
    const body = encodeWriteRequest([series('200', [[10, 30]])]);
    const json = await send(body, { 'content-type': 'application/json', 'content-encoding': 'snappy' });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const v2 = await send(body, {
      ...remoteWriteHeaders,
      'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
    });
    expect(v2.status).toBe(415);
    expect(await v2.json()).toMatchObject({ error: { message: /remote-write 1.0/ } });
    const v1 = await send(encodeWriteRequest([]), {
      ...remoteWriteHeaders,
      'content-type': 'application/x-protobuf;proto=prometheus.WriteRequest',
    });
    expect(v1.status).toBe(204);
    const gzip = await send(body, { ...remoteWriteHeaders, 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(415);
    expect((await send(body, remoteWriteHeaders, t.tokens.read)).status).toBe(403);
    expect((await send(body, remoteWriteHeaders, 'nope')).status).toBe(401);
  });

  it('lists the SLOs it feeds and those it leaves polled; polling skips the fed one', async () => {
    const response = await t.call('GET', '/api/v1/write/status');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      fed: ['api-availability'],
      polled: [
        {
          slo: 'payments-latency',
          reason: "totalQuery: expected sum by (region, code), as the SLO's groupBy says",
        },
      ],
    });
    // The data source URL answers nothing: the polled SLO fails to read, the fed one is never read.
    await pollPrometheus({ ctx: t.ctx, env: {} });
    const cursors = await t.db.query<{ slo_spec: string }>('SELECT slo_spec FROM source_cursors');
    expect(cursors.map((row) => row.slo_spec)).not.toContain('api-availability');
    expect(t.ctx.engine.instances.get('api-availability')?.sourceError).toBeUndefined();
    expect(t.ctx.engine.instancesOf('payments-latency')[0]?.sourceError).toMatch(/.+/);
  });

  it('after a reload, counts a series it was sent before into the SLO the new model adds', async () => {
    const routed = (value: number, agoSeconds: number): WriteSeries => ({
      labels: { __name__: 'http_requests_total', job: 'api', code: '200', instance: 'reloaded' },
      samples: [{ timestampMs: t.clock.now() - agoSeconds * 1000, value }],
    });
    expect((await send(encodeWriteRequest([routed(100, 50)]))).status).toBe(204);
    expect((await send(encodeWriteRequest([routed(110, 45)]))).status).toBe(204);
    const added = prometheusSlo({
      name: 'api-instance',
      service: 'checkout',
      indicator: {
        kind: 'prometheus',
        source: 'default',
        errorQuery: 'sum(rate(http_requests_total{instance="reloaded",code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{instance="reloaded"}[{{.window}}]))',
        groupBy: [],
      },
    });
    await applyModel({
      ctx: t.ctx,
      model: { ...t.ctx.engine.model, slos: [...t.ctx.engine.model.slos, added] },
    });
    // 110 → 135: +25 into the new SLO (and into api-availability, which selects it too).
    expect((await send(encodeWriteRequest([routed(135, 40)]))).status).toBe(204);
    const rows = await t.db.query<{ good: number; total: number }>(
      "SELECT good, total FROM sli_buckets WHERE slo = 'api-instance'",
    );
    expect(rows.map((row) => ({ good: Number(row.good), total: Number(row.total) }))).toEqual([
      { good: 25, total: 25 },
    ]);
  });
});
