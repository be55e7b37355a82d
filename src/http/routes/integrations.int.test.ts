import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertOutcome } from '../../paging/index.ts';
import { alertingFixture, createPagingApp, expectJson, PD_KEY } from '../../testing/paging-fixtures.ts';
import type { TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
});
afterAll(() => t.close());

const webhook = alertingFixture('alertmanager-webhook-v4.json');
const pd = alertingFixture('pagerduty-events-v2.json') as Record<string, Record<string, unknown>>;

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return row?.n ?? 0;
}

interface Received {
  received: number;
  outcomes: AlertOutcome[];
}

const postAlertmanager = (body: unknown, query = '', token: string | null = t.tokens.write) =>
  t.call('POST', `/api/v1/integrations/alertmanager${query}`, { token, body });
const postPagerDuty = (body: unknown) =>
  t.call('POST', '/api/v1/integrations/pagerduty/v2/enqueue', { token: null, body });

describe('POST /api/v1/integrations/alertmanager', () => {
  it('opens one page for the group, updates it when re-sent and resolves it when the group resolves', async () => {
    const first = await expectJson<Received>(await postAlertmanager(webhook), 200);
    expect(first.received).toBe(2);
    expect(first.outcomes.map((o) => o.outcome)).toEqual(['paged', 'attached']);
    const pageId = (first.outcomes[0] as { pageId: number }).pageId;

    const again = await expectJson<Received>(await postAlertmanager(webhook), 200);
    expect(again.outcomes.map((o) => o.outcome)).toEqual(['updated', 'updated']);
    expect(await count("alerts WHERE source = 'alertmanager'")).toBe(2);
    expect(await count('pages')).toBe(1);

    const resolved = {
      ...webhook,
      status: 'resolved',
      alerts: (webhook.alerts as Array<Record<string, unknown>>).map((alert) => ({
        ...alert,
        status: 'resolved',
        endsAt: '2026-11-20T15:00:00Z',
      })),
    };
    await expectJson(await postAlertmanager(resolved), 200);
    const page = await expectJson<{ status: string; resolvedBy: string }>(
      await t.call('GET', `/api/v1/pages/${pageId}`),
      200,
    );
    expect(page).toMatchObject({ status: 'resolved', resolvedBy: 'auto:alertmanager' });
  });

  it('answers 401 without a token and 403 with a read-only token, storing nothing', async () => {
    const before = await count('alerts');
    const anonymous = await postAlertmanager({ ...webhook, groupKey: 'other' }, '', null);
    expect(anonymous.status).toBe(401);
    const reader = await postAlertmanager({ ...webhook, groupKey: 'other' }, '', t.tokens.read);
    expect(reader.status).toBe(403);
    expect(await count('alerts')).toBe(before);
  });

  it('refuses a malformed payload with every problem and stores nothing', async () => {
    const before = await count('alerts');
    const malformed = {
      ...webhook,
      version: '3',
      alerts: [{ status: 'firing', labels: {}, startsAt: 'yesterday' }],
    };
    const body = await expectJson<{ error: { code: string; details: Array<{ path: string }> } }>(
      await postAlertmanager(malformed),
      400,
    );
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.map((d) => d.path)).toEqual(['version', 'alerts.0.startsAt']);
    expect(await count('alerts')).toBe(before);
  });

  it('applies the labels of the integration named in the URL and refuses one that is not an Alertmanager', async () => {
    const named = {
      ...webhook,
      groupKey: 'named',
      alerts: [{ ...(webhook.alerts as object[])[0], fingerprint: 'n1' }],
    };
    await expectJson(await postAlertmanager(named, '?integration=prod-am'), 200);
    const [row] = await t.db.query<{ integration: string; labels: Record<string, string> }>(
      "SELECT integration, labels FROM alerts WHERE fingerprint = 'n1'",
    );
    expect(row).toMatchObject({ integration: 'prod-am', labels: { env: 'prod', service: 'orders' } });

    for (const name of ['nope', 'pd-db']) {
      const body = await expectJson<{ error: { details: Array<{ path: string }> } }>(
        await postAlertmanager(named, `?integration=${name}`),
        400,
      );
      expect(body.error.details[0]?.path).toBe('integration');
    }
  });
});

describe('POST /api/v1/integrations/pagerduty/v2/enqueue', () => {
  it('takes a trigger without a bearer token and answers as PagerDuty does', async () => {
    const response = await postPagerDuty(pd.trigger);
    expect(await expectJson(response, 202)).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'disk-full/db-3',
    });
    const [page] = await t.db.query<{ status: string; service: string; severity: string }>(
      "SELECT p.status, p.service, p.severity FROM pages p JOIN alerts a ON a.page_id = p.id WHERE a.fingerprint = 'disk-full/db-3'",
    );
    expect(page).toEqual({ status: 'triggered', service: 'orders', severity: 'P1' });
  });

  it('acknowledges and then resolves the page of the dedup_key', async () => {
    await expectJson(await postPagerDuty({ ...pd.trigger, dedup_key: 'ack-me' }), 202);
    const pageOf = async () => {
      const [page] = await t.db.query<{ status: string; acknowledged_by: string | null }>(
        "SELECT p.status, p.acknowledged_by FROM pages p JOIN alerts a ON a.page_id = p.id WHERE a.fingerprint = 'ack-me'",
      );
      return page;
    };
    await expectJson(await postPagerDuty({ ...pd.acknowledge, dedup_key: 'ack-me' }), 202);
    expect(await pageOf()).toEqual({ status: 'acknowledged', acknowledged_by: 'pagerduty' });
    await expectJson(await postPagerDuty({ ...pd.resolve, dedup_key: 'ack-me' }), 202);
    expect((await pageOf())?.status).toBe('resolved');
  });

  it('answers 202 and changes nothing for an acknowledge of an unknown dedup_key', async () => {
    const before = await count('alerts');
    const body = await expectJson(await postPagerDuty({ ...pd.acknowledge, dedup_key: 'never-seen' }), 202);
    expect(body).toMatchObject({ status: 'success', dedup_key: 'never-seen' });
    expect(await count('alerts')).toBe(before);
  });

  it('generates and returns a dedup_key when a trigger has none', async () => {
    const { dedup_key: _none, ...trigger } = pd.trigger as Record<string, unknown>;
    const body = await expectJson<{ dedup_key: string }>(await postPagerDuty(trigger), 202);
    expect(body.dedup_key).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(await count('alerts WHERE fingerprint = $1', [body.dedup_key])).toBe(1);
  });

  it('refuses an unknown routing key with PagerDuty’s error body and stores nothing', async () => {
    const before = await count('alerts');
    const wrongKey = { ...pd.trigger, routing_key: 'X'.repeat(32), dedup_key: 'intruder' };
    const body = await expectJson<{ status: string; message: string; errors: string[] }>(
      await postPagerDuty(wrongKey),
      400,
    );
    expect(body.status).toBe('invalid event');
    expect(body.message).toBe('Event object is invalid');
    expect(body.errors).toEqual(["'routing_key' does not name an integration of this server"]);
    expect(await count('alerts')).toBe(before);
  });

  it('refuses a malformed event with one error per problem', async () => {
    const body = await expectJson<{ status: string; errors: string[] }>(
      await postPagerDuty({ routing_key: PD_KEY, event_action: 'trigger', payload: { summary: 'x' } }),
      400,
    );
    expect(body.status).toBe('invalid event');
    expect(body.errors).toEqual(["'payload.source' required", "'payload.severity' required"]);
    const notJson = await t.call('POST', '/api/v1/integrations/pagerduty/v2/enqueue', {
      token: null,
      body: '{',
    });
    expect((await expectJson<{ status: string }>(notJson, 400)).status).toBe('invalid event');
  });
});
