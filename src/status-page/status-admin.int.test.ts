import { afterAll, describe, expect, it } from 'vitest';
import { openStatusApp } from '../testing/status-page-app.ts';
import { testEngines } from '../testing/test-engines.ts';
import type { ComponentView, MaintenanceView } from './index.ts';

const disposers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});

describe.each(await testEngines())('the status page admin API on $name', (engine) => {
  const setup = () => openStatusApp(engine, disposers);

  it('sets and clears a component override through the admin API, audited, shown at once', async () => {
    const t = await setup();
    expect(
      (
        await t.api(
          'PUT',
          '/api/v1/status/components/shop-search/override',
          { status: 'major_outage' },
          t.tokens.read,
        )
      ).status,
    ).toBe(403);
    expect(
      (await t.api('PUT', '/api/v1/status/components/nope/override', { status: 'major_outage' })).status,
    ).toBe(404);
    expect(
      (await t.api('PUT', '/api/v1/status/components/shop-search/override', { status: 'down' })).status,
    ).toBe(400);
    expect(
      (
        await t.api('PUT', '/api/v1/status/components/shop-search/override', {
          status: 'major_outage',
          until: '2026-03-02T11:00:00Z',
        })
      ).status,
    ).toBe(400);
    await t.get('/status');
    const set = await t.api('PUT', '/api/v1/status/components/shop-search/override', {
      status: 'major_outage',
      reason: 'upstream search provider down',
      until: '2026-03-02T14:00:00Z',
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      name: 'shop-search',
      services: ['search-svc-internal'],
      status: 'major_outage',
      derived: 'operational',
      override: { status: 'major_outage', setBy: 'write-token', until: '2026-03-02T14:00:00.000Z' },
    });
    expect((await t.json()).components[1]?.status).toBe('major_outage');
    const html = await (await t.get('/status')).text();
    expect(html).not.toContain('upstream search provider');
    const listed = (await (
      await t.api('GET', '/api/v1/status/components', undefined, t.tokens.read)
    ).json()) as {
      components: ComponentView[];
    };
    expect(listed.components[1]).toMatchObject({ name: 'shop-search', status: 'major_outage' });
    expect((await t.api('DELETE', '/api/v1/status/components/shop-search/override')).status).toBe(200);
    expect((await t.json()).components[1]?.status).toBe('operational');
    expect((await t.api('DELETE', '/api/v1/status/components/shop-search/override')).status).toBe(404);
    const audit = await t.db.query<{ action: string; actor: string; target: string }>(
      "SELECT action, actor, target FROM audit_log WHERE action LIKE 'status.%' ORDER BY id",
    );
    expect(audit).toEqual([
      { action: 'status.override.set', actor: 'write-token', target: 'shop-search' },
      { action: 'status.override.clear', actor: 'write-token', target: 'shop-search' },
    ]);
  });

  it('schedules and cancels maintenance through the admin API, shown on the page and in the feed', async () => {
    const t = await setup();
    const window = { start: '2026-03-03T01:00:00Z', end: '2026-03-03T03:00:00Z' };
    const bad = await t.api('POST', '/api/v1/maintenances', {
      title: 'x',
      components: ['shop-search', 'nope'],
      ...window,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: unknown } }).error.details).toEqual([
      { path: 'components.1', message: 'no status page component named "nope"' },
    ]);
    const invalid = [
      { start: window.end, end: window.start },
      { start: window.start, end: '2026-03-10T01:00:01Z' },
      { start: '2026-03-01T00:00:00Z', end: window.end },
    ];
    for (const times of invalid) {
      expect(
        (await t.api('POST', '/api/v1/maintenances', { title: 'x', components: ['shop-search'], ...times }))
          .status,
      ).toBe(400);
    }
    const created = await t.api('POST', '/api/v1/maintenances', {
      title: 'Index rebuild',
      description: 'Search results may be stale.',
      components: ['shop-search'],
      ...window,
    });
    expect(created.status).toBe(201);
    const maintenance = (await created.json()) as { id: number; state: string };
    expect(maintenance.state).toBe('scheduled');
    const html = await (await t.get('/status')).text();
    expect(html).toContain('Scheduled maintenance');
    expect(html).toContain('Index rebuild');
    expect(await (await t.get('/status/feed.atom')).text()).toContain('Scheduled maintenance: Index rebuild');

    t.clock.set('2026-03-03T02:00:00Z');
    expect((await t.json()).components[1]?.status).toBe('under_maintenance');
    const cancelled = await t.api('POST', `/api/v1/maintenances/${maintenance.id}/cancel`);
    expect(await cancelled.json()).toMatchObject({
      state: 'cancelled',
      cancelledAt: '2026-03-03T02:00:00.000Z',
    });
    expect((await t.json()).components[1]?.status).toBe('operational');
    expect(await (await t.get('/status/feed.atom')).text()).toContain(
      'Maintenance ended early: Index rebuild',
    );
    expect((await t.api('POST', `/api/v1/maintenances/${maintenance.id}/cancel`)).status).toBe(409);
    expect((await t.api('POST', '/api/v1/maintenances/999/cancel')).status).toBe(404);
    const list = (await (await t.api('GET', '/api/v1/maintenances', undefined, t.tokens.read)).json()) as {
      maintenances: MaintenanceView[];
    };
    expect(list.maintenances).toHaveLength(1);
    const audit = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'maintenance.%' ORDER BY id",
    );
    expect(audit.map((row) => row.action)).toEqual(['maintenance.create', 'maintenance.cancel']);
  });
});
