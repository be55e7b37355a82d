import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../core/duration.ts';
import { evaluateSlos } from '../../engine/index.ts';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { makeSlo } from '../../testing/slo-fixtures.ts';
import { createTestApp, makeService, START, type TestApp, testModel } from '../../testing/test-app.ts';

interface Summary {
  count: number;
  worstStatus: string | null;
  lowestBudgetRemaining: number | null;
  firingAlerts: number;
}
interface ServiceItem {
  name: string;
  owner: string | null;
  tier: number;
  dependsOn: string[];
  sloSummary: Summary;
}

/** The test model plus `shop` (two SLOs, depends on payments-api) and `docs` (no SLO). */
function servicesModel() {
  const base = testModel();
  return {
    ...base,
    services: [
      ...base.services,
      makeService('shop', { owner: 'storefront', tier: 2, dependsOn: ['payments-api'] }),
      makeService('docs'),
    ],
    slos: [
      ...base.slos,
      makeSlo({ name: 'shop-availability', service: 'shop', objective: 99.9 }),
      makeSlo({ name: 'shop-latency', service: 'shop', objective: 99 }),
    ],
  };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ model: servicesModel() });
  const time = Date.parse(START) - MINUTE_MS;
  const events = [
    // 4 bad in 10 000 against a 0.1 % budget: 0.4 of it spent, 0.6 left, healthy.
    { slo: 'shop-availability', time, good: 9_996, total: 10_000 },
    // 15 bad in 1 000 against a 1 % budget: 1.5 spent, −0.5 left, exhausted; burn 1.5 > 1 over 3d and 6h
    // fires the slow ticket (and nothing else: 1.5 is below 3, 6 and 14.4).
    { slo: 'shop-latency', time, good: 985, total: 1_000 },
  ];
  await expectJson(
    await t.call('POST', '/api/v1/sli-events', { token: t.tokens.write, body: { events } }),
    202,
  );
  await evaluateSlos({ ctx: t.ctx });
});
afterAll(() => t.close());

describe('GET /api/v1/services', () => {
  it('gives each service its owner, tier, dependencies and the state of its SLOs in one answer', async () => {
    const { services } = await expectJson<{ services: ServiceItem[] }>(
      await t.call('GET', '/api/v1/services'),
      200,
    );
    const shop = services.find((s) => s.name === 'shop');
    expect(shop).toMatchObject({ owner: 'storefront', tier: 2, dependsOn: ['payments-api'] });
    expect(shop?.sloSummary).toMatchObject({ count: 2, worstStatus: 'exhausted', firingAlerts: 1 });
    expect(shop?.sloSummary.lowestBudgetRemaining).toBeCloseTo(-0.5, 9);
    expect(services.find((s) => s.name === 'docs')?.sloSummary).toEqual({
      count: 0,
      worstStatus: null,
      lowestBudgetRemaining: null,
      firingAlerts: 0,
    });
    // payments-api's only SLO (a Prometheus groupBy instance) has no data yet.
    expect(services.find((s) => s.name === 'payments-api')?.sloSummary).toEqual({
      count: 1,
      worstStatus: 'no_data',
      lowestBudgetRemaining: null,
      firingAlerts: 0,
    });
  });
});

describe('GET /api/v1/services/{name}', () => {
  it('gives the same summary beside the SLOs it sums up', async () => {
    const shop = await expectJson<ServiceItem & { slos: Array<{ name: string; status: string }> }>(
      await t.call('GET', '/api/v1/services/shop'),
      200,
    );
    expect(shop.slos.map((slo) => [slo.name, slo.status])).toEqual([
      ['shop-availability', 'healthy'],
      ['shop-latency', 'exhausted'],
    ]);
    expect(shop.sloSummary).toMatchObject({ count: 2, worstStatus: 'exhausted', firingAlerts: 1 });
  });
});
