import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../core/duration.ts';
import { evaluateSlos, type SloStatusView } from '../../engine/index.ts';
import type { Db, Queryable } from '../../storage/index.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** Makes the engine's storage fail like a dropped connection on the statement after the first one. */
const outage = { on: false };
function flakyDb(db: Db): Db {
  const dropped = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  return {
    ...db,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn) =>
      db.transaction((tx) => {
        let statements = 0;
        const failing: Queryable = {
          engine: tx.engine,
          query: (sql, params) =>
            outage.on && ++statements > 1 ? Promise.reject(dropped()) : tx.query(sql, params),
        };
        return fn(failing);
      }),
  };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ db: flakyDb });
});
afterAll(() => t.close());

const push = (body: unknown) => t.call('POST', '/api/v1/sli-events', { token: t.tokens.write, body });
const status = async (name: string) =>
  (await (await t.call('GET', `/api/v1/slos/${name}`)).json()) as SloStatusView;
const count = async (sql: string) => ((await t.db.query<{ n: number }>(sql))[0] as { n: number }).n;

describe('POST /api/v1/sli-events', () => {
  it('stores a batch and the SLO status then shows it: 999 of 1000 good spends a 99.9 % budget', async () => {
    const response = await push({
      events: [{ slo: 'checkout-availability', time: t.clock.now(), good: 999, total: 1000 }],
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1 });
    await evaluateSlos({ ctx: t.ctx });
    const view = await status('checkout-availability');
    // Bad ratio 0.001 equals the budget 0.001: consumed 1, remaining 0, exhausted.
    expect(view.sli).toEqual({ good: 999, total: 1000, ratio: 0.999 });
    expect(view.errorBudget).toEqual({ remaining: 0, consumed: 1 });
    expect(view.status).toBe('exhausted');
  });

  it('acknowledges a repeated batchId with the original count without counting it twice', async () => {
    const batch = {
      batchId: 'batch-7',
      events: [
        { slo: 'search-availability', time: new Date(t.clock.now()).toISOString(), good: 10, total: 10 },
        { slo: 'search-availability', time: t.clock.now(), good: 5, total: 10 },
      ],
    };
    const ingestedBefore = (await t.metrics.eventsIngested.get()).values[0]?.value ?? 0;
    expect(await (await push(batch)).json()).toEqual({ accepted: 2 });
    const again = await push(batch);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ accepted: 2, duplicate: true });
    expect((await t.metrics.eventsIngested.get()).values[0]?.value).toBe(ingestedBefore + 2);
    await evaluateSlos({ ctx: t.ctx });
    expect((await status('search-availability')).sli).toMatchObject({ good: 15, total: 20 });
  });

  it('rejects a batch with a bad event whole, naming the field, and stores nothing', async () => {
    const bucketsBefore = await count('SELECT count(*)::int AS n FROM sli_buckets');
    const response = await push({
      batchId: 'batch-bad',
      events: [
        { slo: 'checkout-availability', time: t.clock.now(), good: 1, total: 1 },
        { slo: 'checkout-availability', time: t.clock.now(), good: 12, total: 10 },
      ],
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; details: Array<{ path: string }> };
    };
    expect(error.code).toBe('invalid_input');
    expect(error.details.map((d) => d.path)).toEqual(['events.1.good']);
    expect(await count('SELECT count(*)::int AS n FROM sli_buckets')).toBe(bucketsBefore);
    expect(await count("SELECT count(*)::int AS n FROM ingest_batches WHERE batch_id = 'batch-bad'")).toBe(0);
  });

  it('names schema problems in details', async () => {
    const response = await push({ events: [{ slo: 'checkout-availability', time: 0, good: 'x', total: 1 }] });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { details: Array<{ path: string }> } };
    expect(error.details.map((d) => d.path)).toEqual(['events.0.good']);
  });

  it('answers malformed JSON and empty bodies with 400 invalid_input', async () => {
    for (const body of ['{"events": [', '']) {
      const response = await push(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
  });

  it('refuses a body over 10 MiB with 400 and says so', async () => {
    const huge = `{"events":[],"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const response = await push(huge);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('10 MiB');
  });

  it('answers 503 unavailable when storage drops mid-batch, leaving nothing stored or counted', async () => {
    const bucketsBefore = await count('SELECT count(*)::int AS n FROM sli_buckets');
    outage.on = true;
    try {
      const response = await push({
        batchId: 'batch-outage',
        events: [{ slo: 'checkout-availability', time: t.clock.now(), good: 0, total: 500 }],
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: { code: 'unavailable', message: 'storage unavailable' },
      });
    } finally {
      outage.on = false;
    }
    expect(await count('SELECT count(*)::int AS n FROM sli_buckets')).toBe(bucketsBefore);
    expect(await count("SELECT count(*)::int AS n FROM ingest_batches WHERE batch_id = 'batch-outage'")).toBe(
      0,
    );
    await evaluateSlos({ ctx: t.ctx });
    expect((await status('checkout-availability')).sli).toMatchObject({ good: 999, total: 1000 });
  });
});

describe('GET /api/v1/alerts', () => {
  type Alerts = { alerts: Array<Record<string, unknown>> };
  const alerts = async (query = '') =>
    ((await (await t.call('GET', `/api/v1/alerts${query}`)).json()) as Alerts).alerts;

  it('lists alerts after a transition, newest first, with filters', async () => {
    // The earlier tests left checkout-availability at burn rate 1: nothing firing. Now a full outage.
    t.clock.advance(MINUTE_MS);
    await push({ events: [{ slo: 'checkout-availability', time: t.clock.now(), good: 0, total: 1000 }] });
    const report = await evaluateSlos({ ctx: t.ctx });
    const fired = report.transitions
      .map(({ transition }) => transition)
      .filter((tr) => tr.state === 'firing')
      .map((tr) => tr.severity);
    expect(fired.sort()).toEqual(['page', 'ticket']);

    const firing = await alerts('?state=firing&slo=checkout-availability');
    expect(firing.map((a) => a.severity).sort()).toEqual(['page', 'ticket']);
    const page = await alerts('?severity=page&slo=checkout-availability');
    expect(page).toHaveLength(1);
    expect(page[0]).toMatchObject({
      slo: 'checkout-availability',
      service: 'checkout',
      severity: 'page',
      state: 'firing',
      firedAt: new Date(t.clock.now()).toISOString(),
      resolvedAt: null,
      burnRatesAtResolve: null,
      labels: { slo: 'checkout-availability', service: 'checkout', severity: 'page' },
    });
    expect(await alerts('?state=resolved&slo=checkout-availability')).toEqual([]);
    expect(await alerts('?slo=checkout-availability&limit=1')).toHaveLength(1);
    const firedTimes = (await alerts()).map((a) => Date.parse(a.firedAt as string));
    expect(firedTimes[0]).toBe(t.clock.now());
    expect(firedTimes).toEqual([...firedTimes].sort((a, b) => b - a));
  });

  it('shows a resolved alert with when it resolved and the burn rates then', async () => {
    t.clock.advance(3 * 24 * 60 * MINUTE_MS);
    await push({
      events: [{ slo: 'checkout-availability', time: t.clock.now(), good: 100_000, total: 100_000 }],
    });
    const report = await evaluateSlos({ ctx: t.ctx });
    expect(
      report.transitions.map(({ transition }) => `${transition.severity}:${transition.state}`).sort(),
    ).toContain('page:resolved');
    const [page] = await alerts('?state=resolved&severity=page&slo=checkout-availability');
    expect(page).toMatchObject({ state: 'resolved', resolvedAt: new Date(t.clock.now()).toISOString() });
    expect(page?.burnRatesAtResolve).toMatchObject({ '5m': 0 });
  });

  it('refuses bad filters naming the parameter', async () => {
    for (const [query, param] of [
      ['?state=open', 'state'],
      ['?severity=sev1', 'severity'],
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
    ]) {
      const response = await t.call('GET', `/api/v1/alerts${query}`);
      expect(response.status, query).toBe(400);
      const { error } = (await response.json()) as { error: { details: Array<{ path: string }> } };
      expect(error.details[0]?.path).toBe(param);
    }
  });
});
