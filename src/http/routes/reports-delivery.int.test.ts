import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../core/duration.ts';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';

describe.each(await testEngines())('GET /api/v1/reports/delivery on $name', (engine: TestEngine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({ openDb: async () => opened.db });
  });
  afterAll(async () => {
    await t.close().catch(() => {});
    await dispose().catch(() => {});
  });

  /** Records a checkout deploy started at `startedMs`, first commit `leadMs` before it ends 10 min later. */
  async function deploy(
    startedMs: number,
    outcome: string | null,
    leadMs: number | null,
    service = 'checkout',
  ) {
    const finishedMs = startedMs + 10 * MINUTE_MS;
    const commits = leadMs === null ? [] : [{ sha: 'abcdef1', time: finishedMs - leadMs }];
    const created = await expectJson<{ id: number }>(
      await t.call('POST', '/api/v1/deploys', {
        token: t.tokens.write,
        body: { service, version: `v${startedMs}`, commits, startedAt: startedMs },
      }),
      201,
    );
    if (outcome !== null) {
      await expectJson(
        await t.call('POST', `/api/v1/deploys/${created.id}/finish`, {
          token: t.tokens.write,
          body: { outcome, finishedAt: finishedMs },
        }),
        200,
      );
    }
    return created.id;
  }

  it('matches a delivery history computed by hand', async () => {
    const day0 = t.clock.now() - 10 * DAY_MS;
    await deploy(day0 + 1 * DAY_MS, 'succeeded', 30 * MINUTE_MS);
    await deploy(day0 + 2 * DAY_MS, 'succeeded', 2 * HOUR_MS);
    await deploy(day0 + 3 * DAY_MS, 'rolled_back', null);
    const bad = await deploy(day0 + 4 * DAY_MS, 'succeeded', DAY_MS);
    await deploy(day0 + 5 * DAY_MS, 'failed', null);
    await deploy(day0 + 6 * DAY_MS, 'succeeded', 4 * HOUR_MS);
    await deploy(day0 + 7 * DAY_MS, null, null);
    await deploy(day0 + 8 * DAY_MS, 'succeeded', MINUTE_MS, 'search');
    // The incident bad caused: declared now, its onset set back 45 min, resolved now.
    const incident = await expectJson<{ id: number }>(
      await t.call('POST', '/api/v1/incidents', {
        token: t.tokens.write,
        body: { title: 'checkout broke', severity: 'SEV2', services: ['checkout'] },
      }),
      201,
    );
    await expectJson(
      await t.call('PATCH', `/api/v1/incidents/${incident.id}`, {
        token: t.tokens.write,
        body: { causeDeploy: bad, startedAt: t.clock.now() - 45 * MINUTE_MS },
      }),
      200,
    );
    for (const status of ['identified', 'resolved']) {
      await t.call('POST', `/api/v1/incidents/${incident.id}/status`, {
        token: t.tokens.write,
        body: { status },
      });
    }
    const from = new Date(day0).toISOString();
    const to = new Date(t.clock.now()).toISOString();
    const report = await expectJson<Record<string, unknown>>(
      await t.call('GET', `/api/v1/reports/delivery?service=checkout&from=${from}&to=${to}`),
      200,
    );
    expect(report).toMatchObject({
      services: ['checkout'],
      environment: 'production',
      deploys: 7,
      deploymentFrequency: { succeeded: 4, perDay: 0.4, band: 'high' },
      leadTime: { count: 4, medianSeconds: 3 * 3600, band: 'high' },
      changeFailureRate: { failed: 2, total: 6, band: 'low' },
      timeToRestore: { count: 1, medianSeconds: 45 * 60, band: 'elite' },
    });
    expect((report.leadTime as { p90Seconds: number }).p90Seconds).toBeCloseTo(18 * 3600, 6);
    const all = await expectJson<{ deploys: number; services: string[] }>(
      await t.call('GET', `/api/v1/reports/delivery?from=${from}&to=${to}`),
      200,
    );
    expect(all.deploys).toBe(8);
    expect((await t.call('GET', '/api/v1/reports/delivery?service=nope')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/reports/delivery?team=nope')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/reports/delivery?from=yesterday')).status).toBe(400);
  });
});
