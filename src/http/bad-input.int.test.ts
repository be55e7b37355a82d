import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigDir } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { alertingFixture, expectJson, PD_KEY, pagingModel } from '../testing/paging-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { testEngines } from '../testing/test-engines.ts';

const pd = alertingFixture('pagerduty-events-v2.json') as Record<string, Record<string, unknown>>;
const webhook = alertingFixture('alertmanager-webhook-v4.json');

/** Issue 11's bad-input defects, each named after what broke, on every engine. */
describe.each(await testEngines())('bad input on $name', (engine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({
      model: pagingModel(),
      env: { PD_ROUTING_KEY: PD_KEY },
      openDb: async () => opened.db,
    });
  });
  afterAll(async () => {
    await dispose();
  });

  const count = async (table: string) =>
    Number((await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
  const push = (body: unknown) => t.call('POST', '/api/v1/sli-events', { token: t.tokens.write, body });
  const event = (good: number, total: number) => ({
    slo: 'checkout-availability',
    time: t.clock.now(),
    good,
    total,
  });

  describe('defect 6: NUL and unpaired surrogates answered 500', () => {
    it('a NUL in an incident title answered 500 "invalid byte sequence"; now 400 naming title, nothing stored', async () => {
      const body = '{"title":"a\\u0000b","severity":"SEV4"}';
      const response = await t.call('POST', '/api/v1/incidents', { token: t.tokens.write, body });
      const error = await expectJson<{ error: { code: string; details: unknown[] } }>(response, 400);
      expect(error.error.details).toEqual([{ path: 'title', message: expect.stringContaining('U+0000') }]);
      expect(await count('incidents')).toBe(0);
    });

    it('a NUL or an unpaired surrogate in a query parameter or a path segment answers 400', async () => {
      for (const path of [
        '/api/v1/pages?service=a%00b',
        '/api/v1/received-alerts?service=%ED%A0%80',
        '/api/v1/slos/a%00b',
        '/api/v1/schedules/x%00/overrides',
      ]) {
        const response = await t.call('GET', path);
        expect(response.status, path).toBe(400);
      }
    });
  });

  describe('defect 7: batchIds differing only in unpaired surrogates collided', () => {
    it('"\\ud800" then "\\udbff" no longer stores one and drops the other as a duplicate: both are refused', async () => {
      const first = await push(`{"batchId":"\\ud800","events":[${JSON.stringify(event(1, 1))}]}`);
      const second = await push(`{"batchId":"\\udbff","events":[${JSON.stringify(event(2, 2))}]}`);
      expect([first.status, second.status]).toEqual([400, 400]);
      expect(await count('ingest_batches')).toBe(0);
    });

    it('batchIds with proper surrogate pairs that differ are two batches', async () => {
      const first = await expectJson(await push({ batchId: 'b-😀', events: [event(1, 1)] }), 202);
      const second = await expectJson(await push({ batchId: 'b-😁', events: [event(1, 1)] }), 202);
      expect([first, second]).toEqual([{ accepted: 1 }, { accepted: 1 }]);
    });
  });

  describe('defect 8: good/total were unbounded', () => {
    it('good and total of 1e308 were accepted (and a second push answered 500); now 400, nothing stored', async () => {
      const before = await t.db.query('SELECT * FROM sli_buckets ORDER BY start_ms');
      for (const body of [{ events: [event(1e308, 1e308)] }, { events: [event(0, 1e12 + 1)] }]) {
        const error = await expectJson<{ error: { details: Array<{ path: string }> } }>(
          await push(body),
          400,
        );
        expect(error.error.details.map((d) => d.path)).toContain('events.0.total');
      }
      expect(await t.db.query('SELECT * FROM sli_buckets ORDER BY start_ms')).toEqual(before);
    });

    it('a minute past 1e15 events, over two pushes, refuses the second whole and keeps the first', async () => {
      t.clock.advance(60_000);
      // 1000 events of 10^12 = 10^15, exactly the limit.
      const full = Array.from({ length: 1000 }, () => event(1e12, 1e12));
      await expectJson(await push({ batchId: 'minute-full', events: full }), 202);
      const [bucket] = await t.db.query<{ total: number }>(
        'SELECT total FROM sli_buckets WHERE slo = $1 AND start_ms = $2',
        ['checkout-availability', Math.floor(t.clock.now() / 60_000) * 60_000],
      );
      expect(Number(bucket?.total)).toBe(1e15);
      const over = await push({ batchId: 'minute-over', events: [event(1, 1)] });
      expect(over.status).toBe(400);
      const refusal = (await over.json()) as { error: { message: string } };
      expect(refusal.error.message).toMatch(
        /^SLO "checkout-availability" in the minute of .* would count 1000000000000001 events/,
      );
      const [after] = await t.db.query<{ total: number }>(
        'SELECT total FROM sli_buckets WHERE slo = $1 AND start_ms = $2',
        ['checkout-availability', Math.floor(t.clock.now() / 60_000) * 60_000],
      );
      expect(Number(after?.total)).toBe(1e15);
      const ids = await t.db.query<{ batch_id: string }>(
        "SELECT batch_id FROM ingest_batches WHERE batch_id LIKE 'minute-%'",
      );
      expect(ids.map((row) => row.batch_id)).toEqual(['minute-full']);
      // One batch alone past the limit (1001 × 10^12) is refused before anything is written.
      t.clock.advance(60_000);
      const alone = await push({ batchId: 'minute-alone', events: [...full, event(1e12, 1e12)] });
      expect(alone.status).toBe(400);
      const rows = await t.db.query('SELECT total FROM sli_buckets WHERE slo = $1 AND start_ms = $2', [
        'checkout-availability',
        Math.floor(t.clock.now() / 60_000) * 60_000,
      ]);
      expect(rows).toEqual([]);
    });
  });

  describe('defect 9: intake fields had no size caps', () => {
    const alert = (overrides: Record<string, unknown>) => ({
      ...webhook,
      alerts: [{ ...(webhook.alerts as object[])[0], ...overrides }],
    });
    const postAlertmanager = (body: unknown) =>
      t.call('POST', '/api/v1/integrations/alertmanager', { token: t.tokens.write, body });

    it('a 1 MB fingerprint answered 500 ("index row requires"); now stored under its SHA-256', async () => {
      const fingerprint = 'f'.repeat(1024 * 1024);
      await expectJson(await postAlertmanager(alert({ fingerprint })), 200);
      const rows = await t.db.query<{ fingerprint: string }>(
        "SELECT fingerprint FROM alerts WHERE fingerprint LIKE 'sha256:%'",
      );
      expect(rows).toEqual([{ fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }]);
      // Re-sending updates the same alert: the identity is kept.
      await expectJson(await postAlertmanager(alert({ fingerprint })), 200);
      expect(
        await t.db.query("SELECT fingerprint FROM alerts WHERE fingerprint LIKE 'sha256:%'"),
      ).toHaveLength(1);
    });

    it('a 9 MB annotation was stored as is; now the alert is stored with it truncated and marked', async () => {
      const description = 'd'.repeat(9 * 1024 * 1024);
      await expectJson(
        await postAlertmanager(alert({ fingerprint: 'long-description', annotations: { description } })),
        200,
      );
      const [row] = await t.db.query<{ annotations: string | Record<string, string> }>(
        "SELECT annotations FROM alerts WHERE fingerprint = 'long-description'",
      );
      const annotations =
        typeof row?.annotations === 'string' ? JSON.parse(row.annotations) : row?.annotations;
      expect(annotations.description.length).toBe(16 * 1024);
      expect(annotations.description).toMatch(/… \[truncated by Nines: \d+ more characters\]$/);
    });

    it('an oversized label is refused with 400 naming it, and nothing is stored', async () => {
      const before = await count('alerts');
      const response = await postAlertmanager(
        alert({ fingerprint: 'big-label', labels: { alertname: 'x', team: 'v'.repeat(5000) } }),
      );
      const error = await expectJson<{ error: { details: Array<{ path: string }> } }>(response, 400);
      expect(error.error.details.map((d) => d.path)).toEqual(['alerts.0.labels.team']);
      expect(await count('alerts')).toBe(before);
    });
  });

  describe('defect 10: small ones', () => {
    it('/readyz showed the database error text without a token; now "unavailable", detail with a token', async () => {
      t.stubs.readiness = async () => ({
        ok: false,
        checks: { storage: 'unreachable: connect ECONNREFUSED 127.0.0.1:5432', config: 'loaded' },
      });
      try {
        const open = await expectJson(await t.call('GET', '/readyz', { token: null }), 503);
        expect(open).toEqual({ status: 'not_ready', checks: { storage: 'unavailable', config: 'loaded' } });
        const detailed = await expectJson<{ checks: Record<string, string> }>(
          await t.call('GET', '/readyz', { token: t.tokens.read }),
          503,
        );
        expect(detailed.checks.storage).toContain('ECONNREFUSED');
      } finally {
        t.stubs.readiness = async () => ({ ok: true, checks: { storage: 'ok' } });
      }
    });

    it('JSON routes accepted any Content-Type; now 415, PagerDuty intake included (in its shape)', async () => {
      const body = JSON.stringify({ title: 'db down', severity: 'SEV4' });
      const incident = await t.call('POST', '/api/v1/incidents', {
        token: t.tokens.write,
        body,
        headers: { 'content-type': 'text/plain' },
      });
      expect(incident.status).toBe(415);
      const before = await count('incidents');
      const event = await t.app.request('/api/v1/integrations/pagerduty/v2/enqueue', {
        method: 'POST',
        body: JSON.stringify(pd.trigger),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(event.status).toBe(415);
      expect(await event.json()).toMatchObject({ status: 'invalid event' });
      expect(await count('incidents')).toBe(before);
    });

    it('a PagerDuty change event answered 401 asking for a bearer token; now its routing_key is the credential', async () => {
      const change = {
        routing_key: PD_KEY,
        payload: { summary: 'Deployed payments v42', source: 'ci', custom_details: { build: 42 } },
        links: [{ href: 'https://ci.example.test/42' }],
      };
      const accepted = await t.call('POST', '/api/v1/integrations/pagerduty/v2/change/enqueue', {
        token: null,
        body: change,
      });
      expect(await expectJson(accepted, 202)).toEqual({
        status: 'success',
        message: 'Change event processed',
      });
      const [audit] = await t.db.query<{ actor: string; target: string }>(
        "SELECT actor, target FROM audit_log WHERE action = 'pagerduty.change_event'",
      );
      expect(audit).toEqual({ actor: 'pagerduty:pd-db', target: 'pd-db' });
      const unknown = await t.call('POST', '/api/v1/integrations/pagerduty/v2/change/enqueue', {
        token: null,
        body: { ...change, routing_key: 'x'.repeat(32) },
      });
      expect(await expectJson(unknown, 400)).toMatchObject({ status: 'invalid event' });
    });
  });

  describe('defect 15: PagerDuty custom_details keys became label names as written', () => {
    it('"free space" is the label free_space, so routes and silences can match it; annotations keep the key', async () => {
      const trigger = {
        ...pd.trigger,
        dedup_key: 'custom-details',
        payload: {
          ...(pd.trigger?.payload as object),
          custom_details: { 'free space': '5%', freeSpace: 'later', 'Mount Point': '/data' },
        },
      };
      await expectJson(
        await t.call('POST', '/api/v1/integrations/pagerduty/v2/enqueue', { token: null, body: trigger }),
        202,
      );
      const [row] = await t.db.query<{ labels: unknown; annotations: unknown }>(
        "SELECT labels, annotations FROM alerts WHERE fingerprint = 'custom-details'",
      );
      const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
      // Code-point order: "free space" < "freeSpace", so the first keeps free_space.
      expect(parse(row?.labels)).toMatchObject({
        free_space: '5%',
        free_space_2: 'later',
        mount_point: '/data',
      });
      expect(parse(row?.annotations)).toMatchObject({ 'free space': '5%', 'Mount Point': '/data' });
    });
  });
});

/** A PagerDuty route that fails inside answers in PagerDuty's shape, not Nines'. */
describe('defect 10: PagerDuty 500s used Nines’ error shape', () => {
  it('answers {"status":"error","message":…,"errors":[]} with the request id', async () => {
    const failing = (db: Db): Db => ({
      ...db,
      transaction: () => Promise.reject(new Error('disk on fire')),
    });
    const t = await createTestApp({ model: pagingModel(), env: { PD_ROUTING_KEY: PD_KEY }, db: failing });
    try {
      const response = await t.call('POST', '/api/v1/integrations/pagerduty/v2/enqueue', {
        token: null,
        body: pd.trigger,
      });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { status: string; message: string; errors: string[] };
      expect(body).toEqual({ status: 'error', message: expect.stringContaining('request id'), errors: [] });
      expect(body.message).not.toContain('disk on fire');
    } finally {
      await t.close();
    }
  });
});

/** Defect 14: the README's receiver got 400 on the demo, which declares no such Integration. */
describe('the README’s Alertmanager receiver against the demo config', () => {
  it('accepts a real Alertmanager webhook at the URL the README documents', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const url = /- url: (http\S+\/integrations\/alertmanager\S*)/.exec(readme)?.[1];
    expect(url).toBeDefined();
    const { pathname, search } = new URL(url as string);
    const { model, problems } = await loadConfigDir(
      fileURLToPath(new URL('../../examples/demo', import.meta.url)),
    );
    expect(problems).toEqual([]);
    const t = await createTestApp({ model });
    try {
      const response = await t.call('POST', `${pathname}${search}`, { token: t.tokens.write, body: webhook });
      const received = await expectJson<{ received: number }>(response, 200);
      expect(received.received).toBe((webhook.alerts as unknown[]).length);
      expect(await t.db.query("SELECT integration FROM alerts WHERE source = 'alertmanager'")).toEqual(
        (webhook.alerts as unknown[]).map(() => ({ integration: 'alertmanager' })),
      );
    } finally {
      await t.close();
    }
  });
});
