import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../../core/duration.ts';
import type { SloStatusView } from '../../engine/index.ts';
import { createTestApp, GROUPED_INSTANCE, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function json<T>(response: Response): Promise<T> {
  expect(response.headers.get('content-type')).toContain('application/json');
  return (await response.json()) as T;
}

describe('services', () => {
  it('lists services by name with the reverse dependency edges', async () => {
    const body = await json<{ services: Array<Record<string, unknown>> }>(
      await t.call('GET', '/api/v1/services'),
    );
    expect(body.services.map((s) => s.name)).toEqual(['checkout', 'payments-api', 'search']);
    expect(body.services[1]).toEqual({
      name: 'payments-api',
      displayName: null,
      description: null,
      owner: null,
      tier: 1,
      lifecycle: 'production',
      dependsOn: [],
      dependents: ['checkout', 'search'],
      runbook: 'https://runbooks.example.com/payments',
      dashboard: null,
      links: [],
      tags: [],
      sloSummary: { count: 1, worstStatus: 'no_data', lowestBudgetRemaining: null, firingAlerts: 0 },
    });
  });

  it('shows one service with its SLO instances and dependencies', async () => {
    const body = await json<{ name: string; dependsOn: string[]; slos: SloStatusView[] }>(
      await t.call('GET', '/api/v1/services/payments-api'),
    );
    expect(body.slos.map((slo) => slo.name)).toEqual([GROUPED_INSTANCE]);
    expect(body.slos[0]?.labels).toEqual({ region: 'eu/west', code: '200' });
    const checkout = await json<{ dependsOn: string[]; slos: SloStatusView[] }>(
      await t.call('GET', '/api/v1/services/checkout'),
    );
    expect(checkout.dependsOn).toEqual(['payments-api']);
    expect(checkout.slos.map((slo) => slo.name)).toEqual(['checkout-availability']);
  });

  it('answers 404 for an unknown service', async () => {
    const response = await t.call('GET', '/api/v1/services/nope');
    expect(response.status).toBe(404);
  });
});

describe('slos', () => {
  it('lists every instance by name and filters by service and status', async () => {
    const all = await json<{ slos: SloStatusView[] }>(await t.call('GET', '/api/v1/slos'));
    expect(all.slos.map((slo) => slo.name)).toEqual([
      'checkout-availability',
      GROUPED_INSTANCE,
      'search-availability',
    ]);
    const search = await json<{ slos: SloStatusView[] }>(await t.call('GET', '/api/v1/slos?service=search'));
    expect(search.slos.map((slo) => slo.name)).toEqual(['search-availability']);
    const quiet = await json<{ slos: SloStatusView[] }>(await t.call('GET', '/api/v1/slos?status=no_data'));
    expect(quiet.slos).toHaveLength(3);
    const healthy = await json<{ slos: SloStatusView[] }>(await t.call('GET', '/api/v1/slos?status=healthy'));
    expect(healthy.slos).toEqual([]);
  });

  it('refuses an unknown status filter naming the parameter', async () => {
    const response = await t.call('GET', '/api/v1/slos?status=fine');
    expect(response.status).toBe(400);
    const body = await json<{ error: { details: Array<{ path: string }> } }>(response);
    expect(body.error.details[0]?.path).toBe('status');
  });

  it('finds a groupBy instance whose name holds ":", "," and an encoded "/"', async () => {
    const response = await t.call('GET', `/api/v1/slos/${encodeURIComponent(GROUPED_INSTANCE)}`);
    expect(response.status).toBe(200);
    const view = await json<SloStatusView>(response);
    expect(view).toMatchObject({ name: GROUPED_INSTANCE, spec: 'payments-latency', status: 'no_data' });
  });

  it('answers 404 for an unknown SLO, also for its history', async () => {
    expect((await t.call('GET', '/api/v1/slos/nope')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/slos/nope/history')).status).toBe(404);
  });
});

describe('slo history', () => {
  const nowMs = () => t.clock.now();
  type History = {
    slo: string;
    step: string;
    points: Array<{ time: string; sliRatio: number | null; budgetRemaining: number | null }>;
  };

  it('replays a pushed outage: all good, then half the events bad', async () => {
    const events = [
      { slo: 'search-availability', time: nowMs() - 2 * HOUR_MS, good: 100, total: 100 },
      { slo: 'search-availability', time: nowMs() - HOUR_MS, good: 0, total: 100 },
    ];
    expect(
      (await t.call('POST', '/api/v1/sli-events', { token: t.tokens.write, body: { events } })).status,
    ).toBe(202);
    const from = new Date(nowMs() - 3 * HOUR_MS).toISOString();
    const response = await t.call(
      'GET',
      `/api/v1/slos/search-availability/history?from=${from}&to=${nowMs()}&step=30m`,
    );
    const body = await json<History>(response);
    expect(body.slo).toBe('search-availability');
    expect(body.step).toBe('30m');
    expect(body.points).toHaveLength(7);
    expect(body.points[0]).toMatchObject({ time: from, sliRatio: null, budgetRemaining: null });
    // 100 good of 100: the budget (1 % of events) untouched.
    expect(body.points[2]).toMatchObject({ sliRatio: 1, budgetRemaining: 1 });
    // 100 good of 200: bad ratio 0.5 is 50 budgets, so 1 - 50 = -49 remain.
    expect(body.points[6]).toMatchObject({
      time: new Date(nowMs()).toISOString(),
      sliRatio: 0.5,
      budgetRemaining: -49,
    });
  });

  it('defaults to the last 24 h in whole-minute steps of at most 300 points', async () => {
    const body = await json<History>(await t.call('GET', '/api/v1/slos/search-availability/history'));
    // 24 h / 299 intervals = 4.8 min, rounded up to 5 min: 288 steps + 1 = 289 points.
    expect(body.step).toBe('5m');
    expect(body.points).toHaveLength(289);
    expect(body.points.at(-1)?.time).toBe(new Date(nowMs()).toISOString());
  });

  it('accepts a step in seconds and rounds it up to whole minutes', async () => {
    const from = nowMs() - 10 * MINUTE_MS;
    const body = await json<History>(
      await t.call('GET', `/api/v1/slos/search-availability/history?from=${from}&to=${nowMs()}&step=90`),
    );
    expect(body.step).toBe('2m');
    expect(body.points).toHaveLength(6);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['to=2026-13-45', 'to'],
    ['step=5x', 'step'],
    [`from=${Date.parse('2026-03-02T12:00:00Z')}&to=${Date.parse('2026-03-02T11:00:00Z')}`, 'from'],
    ['from=2026-01-01T00:00:00Z&step=1m', 'step'],
  ])('refuses %s naming %s', async (query, param) => {
    const response = await t.call('GET', `/api/v1/slos/search-availability/history?${query}`);
    expect(response.status).toBe(400);
    const body = await json<{ error: { code: string; details: Array<{ path: string }> } }>(response);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details[0]?.path).toBe(param);
  });
});
