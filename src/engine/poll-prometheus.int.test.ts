import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingDb } from '../testing/counting-db.ts';
import { matrixResponse, modelWithSlos, prometheusSlo, stubPrometheusFetch } from '../testing/prometheus.ts';
import { createTestApp, type TestApp, testModel } from '../testing/test-app.ts';
import { type TestEngine, testEngines } from '../testing/test-engines.ts';
import { applyModel } from './apply-model.ts';
import { pollPrometheus } from './poll-prometheus.ts';
import { reloadSourceCursors } from './source-cursors.ts';

const MINUTE = 60_000;

/** Two SLOs on the test model's `default` source (1-minute step). */
function pollModel() {
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
  return { ...modelWithSlos([slo('cart'), slo('shop')]), dataSources: base.dataSources };
}

/**
 * Every service named in a query serves 10 req/s, 1 of them failing, at every requested evaluation time:
 * 600 events a minute, 60 bad. A batched query (`sum by (service)`, `service=~"a|b"`) gets one series each.
 */
function steadyPrometheus() {
  return stubPrometheusFetch((call) => {
    const query = call.form.get('query') ?? '';
    const start = Number(call.form.get('start')) * 1000;
    const end = Number(call.form.get('end')) * 1000;
    const points: [number, number][] = [];
    for (let t = start; t <= end; t += MINUTE) points.push([t, query.includes('5..') ? 1 : 10]);
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

    // A minute later one new step is due for both SLOs: one batched range query pair, for that step only.
    t.clock.advance(MINUTE);
    await pollPrometheus({ ctx: t.ctx, env: {}, fetch: prometheus.fetch });
    expect(prometheus.calls).toHaveLength(2);
    for (const call of prometheus.calls) expect(call.form.get('start')).toBe(call.form.get('end'));
    const minuteMs = Number(prometheus.calls[0]?.form.get('start')) * 1000 - MINUTE;
    for (const slo of ['cart-availability', 'shop-availability']) {
      expect((await bucketsOf(slo)).at(-1)).toEqual({ start_ms: minuteMs, good: 540, total: 600 });
    }
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

  it('reads a healthy source while another source hangs until its timeout', async () => {
    const healthy = steadyPrometheus();
    // The `slow` source answers nothing until its request is aborted by the read's timeout (1 s).
    let slowCalls = 0;
    const fetchBoth: typeof fetch = async (input, init) => {
      if (!String(input).startsWith('http://slow.test')) return healthy.fetch(input, init);
      slowCalls++;
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    };
    const model = t.ctx.engine.model;
    const slow = {
      ...(model.dataSources[0] as (typeof model.dataSources)[number]),
      name: 'slow',
      url: 'http://slow.test',
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
      .poll(async () => (await bucketsOf('cart-availability')).length, { timeout: 900 })
      .toBeGreaterThan(0);
    expect(slowCalls).toBeGreaterThan(0);
    await polled;
    expect(await bucketsOf('ledger-availability')).toEqual([]);
  });
});
