import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDuration } from '../core/duration.ts';
import { countingDb } from '../testing/counting-db.ts';
import {
  matrixResponse,
  modelWithSlos,
  prometheusSlo,
  stubPrometheusFetch,
  vectorResponse,
} from '../testing/prometheus.ts';
import { createTestApp, type TestApp, testModel } from '../testing/test-app.ts';
import { type TestEngine, testEngines } from '../testing/test-engines.ts';
import { applyModel } from './apply-model.ts';
import { MAX_POINTS_PER_READ, pollPrometheus, readPrometheusTails } from './poll-prometheus.ts';
import { cursorsOf, reloadSourceCursors } from './source-cursors.ts';

const MINUTE = 60_000;

/** Two SLOs on the test model's `default` source (1-minute step). */
function pollModel(services = ['cart', 'shop']) {
  const base = testModel();
  const slo = (service: string) =>
    prometheusSlo({
      name: `${service}-availability`,
      service,
      indicator: {
        kind: 'prometheus',
        source: 'default',
        errorQuery: `sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`,
        totalQuery: `sum(rate(http_requests_total{service="${service}"}[{{.window}}]))`,
        groupBy: [],
      },
    });
  return { ...modelWithSlos(services.map(slo)), dataSources: base.dataSources };
}

/**
 * Every service named in a query serves 10 req/s, 1 of them failing, at every requested evaluation time
 * from `sinceMs` on: 600 events a minute, 60 bad. A batched query (`sum by (service)`, `service=~"a|b"`)
 * gets one series each.
 */
function steadyPrometheus({ sinceMs = Number.NEGATIVE_INFINITY } = {}) {
  return stubPrometheusFetch((call) => {
    const query = call.form.get('query') ?? '';
    const start = Number(call.form.get('start')) * 1000;
    const end = Number(call.form.get('end')) * 1000;
    const points: [number, number][] = [];
    for (let t = Math.max(start, sinceMs); t <= end; t += MINUTE)
      points.push([t, query.includes('5..') ? 1 : 10]);
    const services = /service=~?"([^"]+)"/.exec(query)?.[1]?.split('|') ?? [];
    const byService = query.startsWith('sum by (service)');
    return matrixResponse(
      services.map((service) => ({
        labels: byService ? { service } : ({} as Record<string, string>),
        points,
      })),
    );
  });
}

describe.each(await testEngines())('pollPrometheus cursors on $name', (engine: TestEngine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  const counter = { statements: 0 };
  beforeEach(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({
      openDb: async () => opened.db,
      model: pollModel(),
      db: (db) => countingDb(db, counter),
    });
  });
  afterEach(async () => {
    await t.close().catch(() => {});
    await dispose().catch(() => {});
  });

  const bucketsOf = (slo: string) =>
    t.db.query<{ start_ms: number; good: number; total: number }>(
      'SELECT start_ms, good, total FROM sli_buckets WHERE slo = $1 ORDER BY start_ms',
      [slo],
    );

  it('runs no statement and sends no request on a tick with nothing due', async () => {
    const prometheus = steadyPrometheus();
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    expect(prometheus.calls.length).toBeGreaterThan(0);

    prometheus.calls.length = 0;
    counter.statements = 0;
    t.clock.advance(20_000);
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    expect(prometheus.calls).toEqual([]);
    expect(counter.statements).toBe(0);

    // A minute later one new step is due for both SLOs: one batched range query, for that step only.
    t.clock.advance(MINUTE);
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    expect(prometheus.calls).toHaveLength(1);
    for (const call of prometheus.calls) expect(call.form.get('start')).toBe(call.form.get('end'));
    const minuteMs = Number(prometheus.calls[0]?.form.get('start')) * 1000 - MINUTE;
    for (const slo of ['cart-availability', 'shop-availability']) {
      expect((await bucketsOf(slo)).at(-1)).toEqual({ start_ms: minuteMs, good: 540, total: 600 });
    }
  });

  it('asks one query which tails are near a total failure, reads only those, and drops them once the minute settles', async () => {
    const range = steadyPrometheus();
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: range.fetch });
    const nowMs = t.clock.now();
    const cursorMs = Math.floor((nowMs - 30_000) / MINUTE) * MINUTE;
    // The tail: 10 req/s for every service asked about, all failing on shop, 1 in 10 failing on cart.
    const instant = stubPrometheusFetch((call) => {
      const query = call.form.get('query') ?? '';
      const services = /service=~?"([^"]+)"/.exec(query)?.[1]?.split('|') ?? [];
      const at = Number(call.form.get('time')) * 1000;
      const rate = (service: string) => (!query.includes('5..') || service === 'shop' ? 10 : 1);
      return vectorResponse(
        services.map((service) => ({ labels: { service }, points: [[at, rate(service)]] })),
      );
    });
    await readPrometheusTails({ ctx: t.ctx, env: {}, fetch: instant.fetch });
    const toMs = Math.floor(nowMs / 1000) * 1000;
    for (const call of instant.calls) {
      expect(call.path).toBe('/api/v1/query');
      expect(call.form.get('time')).toBe(String(toMs / 1000));
      expect(call.form.get('query')).toContain(`[${formatDuration(toMs - cursorMs)}]`);
    }
    // One query asks which services fail at least the tier's minErrorRatio (0.2 by default); only shop's
    // tail is then read, with its own two queries.
    const queries = instant.calls.map((call) => call.form.get('query') ?? '');
    expect(queries).toHaveLength(3);
    expect(queries[0]).toContain('service=~"cart|shop"');
    expect(queries[0]).toMatch(/ >= 0\.2$/);
    for (const query of queries.slice(1)) expect(query).toContain('service="shop"');
    const spanSeconds = (toMs - cursorMs) / 1000;
    expect(t.ctx.engine.instances.get('shop-availability')?.tail).toEqual({
      fromMs: cursorMs,
      toMs,
      good: 0,
      total: 10 * spanSeconds,
    });
    expect(t.ctx.engine.instances.get('cart-availability')?.tail).toBeUndefined();
    // Once shop recovers, the one query finds nothing: no other request, and shop's tail is gone.
    const healthy = stubPrometheusFetch((call) => {
      const query = call.form.get('query') ?? '';
      const at = Number(call.form.get('time')) * 1000;
      const rate = query.includes('5..') ? 0 : 10;
      return vectorResponse(
        ['cart', 'shop'].map((service) => ({ labels: { service }, points: [[at, rate]] })),
      );
    });
    await readPrometheusTails({ ctx: t.ctx, env: {}, fetch: healthy.fetch });
    expect(healthy.calls).toHaveLength(1);
    expect(t.ctx.engine.instances.get('shop-availability')?.tail).toBeUndefined();
    await readPrometheusTails({ ctx: t.ctx, env: {}, fetch: instant.fetch });
    expect(t.ctx.engine.instances.get('shop-availability')?.tail?.total).toBe(10 * spanSeconds);
    // The next settled step covers the start of that tail: it is dropped, never counted twice.
    t.clock.advance(MINUTE);
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: range.fetch });
    expect(t.ctx.engine.instances.get('shop-availability')?.tail).toBeUndefined();
  });

  it('backfills span by span, each read within its point budget and committed before the next', async () => {
    const prometheus = steadyPrometheus();
    let failAt = 3; // the third span's query fails: the source went away half-way
    const flaky: typeof fetch = async (input, init) => {
      if (prometheus.calls.length + 1 >= failAt) throw new TypeError('fetch failed');
      return prometheus.fetch(input, init);
    };
    // It answers how many buckets it stored: the two spans' 20,000 minutes for each of the two SLOs.
    expect(await pollPrometheus({ ctx: t.ctx, env: {}, fetch: flaky })).toBe(40_000);
    // Two SLOs in one batch: 10,000 steps (minutes) a span, 20,000 points per query.
    const spans = prometheus.calls.map((call) => {
      const points = (Number(call.form.get('end')) - Number(call.form.get('start'))) / 60 + 1;
      expect(2 * points).toBeLessThanOrEqual(MAX_POINTS_PER_READ);
      return points;
    });
    expect(spans).toEqual([10_000, 10_000]);
    // What the two committed spans read is kept: 20,000 minutes of 600 events each.
    expect(await bucketsOf('cart-availability')).toHaveLength(20_000);
    expect(t.ctx.engine.instances.get('cart-availability')?.sourceError).toMatch(
      /^Prometheus source "default": request/,
    );

    failAt = Number.POSITIVE_INFINITY;
    prometheus.calls.length = 0;
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    const buckets = await bucketsOf('cart-availability');
    const minutes = buckets.map((bucket) => Number(bucket.start_ms));
    expect(new Set(minutes).size).toBe(minutes.length);
    for (let i = 1; i < minutes.length; i++) expect((minutes[i] ?? 0) - (minutes[i - 1] ?? 0)).toBe(MINUTE);
    expect(t.ctx.engine.instances.get('cart-availability')?.sourceError).toBeUndefined();
  });

  it('skips fast over the part of the window that is older than anything Prometheus holds', async () => {
    // 100 SLOs in one batch: 200 steps a span where there is data. The source holds the last day only.
    const services = Array.from({ length: 100 }, (_, i) => `svc-${i}`);
    await applyModel({ ctx: t.ctx, model: pollModel(services) });
    const dayAgoMs = t.clock.now() - 24 * 60 * MINUTE;
    const lastDay = stubPrometheusFetch((call) => {
      const query = call.form.get('query') ?? '';
      const start = Number(call.form.get('start')) * 1000;
      const end = Number(call.form.get('end')) * 1000;
      const points: [number, number][] = [];
      for (let at = Math.max(start, dayAgoMs); at <= end; at += MINUTE) points.push([at, 10]);
      const names = /service=~?"([^"]+)"/.exec(query)?.[1]?.split('|') ?? [];
      if (points.length === 0 || query.includes('5..')) return matrixResponse([]);
      return matrixResponse(names.map((service) => ({ labels: { service }, points })));
    });
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: lastDay.fetch });
    const spans = lastDay.calls.length;
    // 30 days at 200 steps a span would be 216 reads; doubling over the empty part (200 … 6,400 steps)
    // reaches the last day in 11 at most, and the day itself (1,440 steps) takes 8 more at most.
    expect(spans).toBeLessThanOrEqual(19);
    const buckets = await bucketsOf('svc-42-availability');
    expect(buckets.length).toBeGreaterThanOrEqual(24 * 60 - 2);
    expect(buckets.every((bucket) => Number(bucket.total) === 600 && Number(bucket.good) === 600)).toBe(true);
  });

  it('resumes from the stored cursor after a restart, reading nothing twice', async () => {
    const prometheus = steadyPrometheus();
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    const before = await bucketsOf('cart-availability');

    reloadSourceCursors(t.ctx.engine);
    prometheus.calls.length = 0;
    counter.statements = 0;
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    expect(prometheus.calls).toEqual([]);
    expect(counter.statements).toBe(1); // the one read of every cursor
    expect(await bucketsOf('cart-availability')).toEqual(before);
  });

  it('stores a new minute of 100 SLOs read together with two statements, not one per SLO', async () => {
    const services = Array.from({ length: 100 }, (_, i) => `svc-${i}`);
    await applyModel({ ctx: t.ctx, model: pollModel(services) });
    // The source holds the last ten minutes only: the backfill is short.
    const prometheus = steadyPrometheus({ sinceMs: t.clock.now() - 10 * MINUTE });
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    const cursors = () => t.db.query<{ through_ms: number }>('SELECT through_ms FROM source_cursors');
    const before = Number((await cursors())[0]?.through_ms);

    t.clock.advance(MINUTE);
    prometheus.calls.length = 0;
    counter.statements = 0;
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    expect(prometheus.calls).toHaveLength(1);
    // The buckets, then every cursor moved from where it was.
    expect(counter.statements).toBe(2);
    const moved = await cursors();
    expect(moved).toHaveLength(100);
    expect(moved.every((row) => Number(row.through_ms) === before + MINUTE)).toBe(true);
    // 600 events a minute, 60 of them bad.
    expect((await bucketsOf('svc-99-availability')).at(-1)).toEqual({
      start_ms: before,
      good: 540,
      total: 600,
    });
  });

  it('drops a read whose new cursor another node wrote first, then reads on from that cursor', async () => {
    await cursorsOf(t.ctx); // this node has read its cursors: there are none yet
    const otherMs = Math.floor((t.clock.now() - 30_000) / MINUTE) * MINUTE - 10 * MINUTE;
    await t.db.query("INSERT INTO source_cursors (slo_spec, through_ms) VALUES ('shop-availability', $1)", [
      otherMs,
    ]);
    const prometheus = steadyPrometheus();
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    // Both were read together from the window's start; nothing of it is stored, cart's part neither.
    expect(prometheus.calls.length).toBeGreaterThan(0);
    const rows = () =>
      t.db.query<{ slo_spec: string; through_ms: number }>(
        'SELECT slo_spec, through_ms FROM source_cursors ORDER BY slo_spec',
      );
    expect((await rows()).map((row) => [row.slo_spec, Number(row.through_ms)])).toEqual([
      ['shop-availability', otherMs],
    ]);
    expect(await bucketsOf('cart-availability')).toEqual([]);
    expect(await bucketsOf('shop-availability')).toEqual([]);

    // The next poll knows shop's cursor: shop reads the ten minutes past it, cart its whole window.
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    const shop = await bucketsOf('shop-availability');
    expect(shop.map((bucket) => Number(bucket.start_ms))).toEqual(
      Array.from({ length: 10 }, (_, i) => otherMs + i * MINUTE),
    );
    expect((await bucketsOf('cart-availability')).length).toBeGreaterThan(24 * 60);
    const throughs = (await rows()).map((row) => Number(row.through_ms));
    expect(throughs).toEqual([otherMs + 10 * MINUTE, otherMs + 10 * MINUTE]);
  });

  it('drops a read whose steps another node stored first, so no minute counts twice', async () => {
    const prometheus = steadyPrometheus();
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    t.clock.advance(MINUTE);
    // Another node read the new minute and moved the cursor: its buckets are there already.
    const [cursor] = await t.db.query<{ through_ms: number }>(
      "SELECT through_ms FROM source_cursors WHERE slo_spec = 'cart-availability'",
    );
    const minuteMs = Number(cursor?.through_ms);
    await t.db.query("UPDATE source_cursors SET through_ms = $1 WHERE slo_spec = 'cart-availability'", [
      minuteMs + MINUTE,
    ]);
    await t.db.query(
      "INSERT INTO sli_buckets (slo, start_ms, good, total) VALUES ('cart-availability', $1, 540, 600)",
      [minuteMs],
    );
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    // The batch that read both SLOs is dropped whole; the next poll reads what is still missing (shop's).
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    const cart = await bucketsOf('cart-availability');
    expect(cart.at(-1)).toEqual({ start_ms: minuteMs, good: 540, total: 600 });
    const shop = await bucketsOf('shop-availability');
    expect(shop.at(-1)).toEqual({ start_ms: minuteMs, good: 540, total: 600 });
  });

  it('reads a healthy source while another source hangs', async () => {
    const healthy = steadyPrometheus();
    // The `slow` source answers nothing until the test lets it fail, long after the healthy reads.
    let slowCalls = 0;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fetchBoth: typeof fetch = async (input, init) => {
      if (!String(input).startsWith('http://slow.test')) return healthy.fetch(input, init);
      slowCalls++;
      await released;
      throw new TypeError('fetch failed');
    };
    const model = t.ctx.engine.model;
    const slow = {
      ...(model.dataSources[0] as (typeof model.dataSources)[number]),
      name: 'slow',
      url: 'http://slow.test',
      timeoutMs: 600_000,
    };
    const slowSlo = prometheusSlo({
      name: 'ledger-availability',
      service: 'ledger',
      indicator: {
        kind: 'prometheus',
        source: 'slow',
        errorQuery: 'sum(rate(ledger_errors_total[{{.window}}]))',
        totalQuery: 'sum(rate(ledger_requests_total[{{.window}}]))',
        groupBy: [],
      },
    });
    // The slow source's SLO comes first, so a single lane would read it before the healthy ones.
    await applyModel({
      ctx: t.ctx,
      model: { ...model, dataSources: [...model.dataSources, slow], slos: [slowSlo, ...model.slos] },
    });
    const polled = pollPrometheus({ ctx: t.ctx, env: {}, fetch: fetchBoth });
    // The healthy source's buckets are stored while the slow source's read still hangs.
    await expect
      .poll(async () => (await bucketsOf('cart-availability')).length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(slowCalls).toBeGreaterThan(0);
    release();
    await polled;
    expect(await bucketsOf('ledger-availability')).toEqual([]);
    expect(t.ctx.engine.instances.get('ledger-availability')?.sourceError).toMatch(/fetch failed|slow/);
  });
});
