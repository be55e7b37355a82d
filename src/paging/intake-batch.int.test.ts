import { afterEach, describe, expect, it } from 'vitest';
import { type AppContext, createAppContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { SloEngine } from '../engine/index.ts';
import { emptyModel, type Model } from '../specs/index.ts';
import { makeAlert, makeService, makeTeam } from '../testing/alerting-fixtures.ts';
import { countingDb } from '../testing/counting-db.ts';
import { testEngines } from '../testing/test-engines.ts';
import { ingestAlerts } from './ingest-alerts.ts';

// One request (or several sharing a transaction) takes many alerts at once: what a sender sees must be
// what it would see had each alert come alone, in order.

const T0 = Date.parse('2026-12-06T12:00:00Z');

const model = (): Model => ({
  ...emptyModel(),
  teams: [makeTeam('payments', { contacts: [{ kind: 'webhook', url: 'http://127.0.0.1:9/team' }] })],
  services: [makeService('payment', { owner: 'payments', tier: 1 })],
});

const disk = (fingerprint: string, overrides: Parameters<typeof makeAlert>[0] = {}) =>
  makeAlert({
    fingerprint,
    groupKey: 'am:disk',
    labels: { alertname: 'DiskFull', service: 'payment', severity: 'warning', host: fingerprint },
    sourceSeverity: 'warning',
    summary: `disk full on ${fingerprint}`,
    ...overrides,
  });

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

describe.each(await testEngines())('batched alert intake on $name', (engine) => {
  async function setup() {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    const clock = new FakeClock(T0);
    const statements = { statements: 0, sql: [] as string[] };
    const ctx: AppContext = createAppContext({
      db: countingDb(opened.db, statements),
      clock,
      logger: silentLogger,
      engine: new SloEngine(model()),
      env: {},
      publicUrl: 'http://nines.test',
      linkSecret: 'test-link-secret-0123456789abcdef',
    });
    return { ctx, clock, db: opened.db, statements };
  }

  it('stores an alert repeated in one request once, and pages its group once', async () => {
    const { ctx, db } = await setup();
    const outcomes = await ingestAlerts({
      ctx,
      alerts: [disk('a'), disk('b'), disk('a'), disk('b'), disk('a')],
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['paged', 'attached', 'updated', 'updated', 'updated']);
    expect(await db.query('SELECT fingerprint FROM alerts ORDER BY id')).toEqual([
      { fingerprint: 'a' },
      { fingerprint: 'b' },
    ]);
    expect(await db.query('SELECT id FROM pages')).toHaveLength(1);
    const events = await db.query<{ kind: string }>('SELECT kind FROM page_events ORDER BY id');
    expect(events.map((e) => e.kind)).toEqual(['triggered', 'alert_attached']);
  });

  it('resolves the page when its alerts fire and resolve in the same request', async () => {
    const { ctx, db } = await setup();
    const outcomes = await ingestAlerts({
      ctx,
      alerts: [disk('a'), disk('b'), disk('a', { status: 'resolved' }), disk('b', { status: 'resolved' })],
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['paged', 'attached', 'resolved', 'resolved']);
    const [page] = await db.query<{ status: string; resolved_by: string }>(
      'SELECT status, resolved_by FROM pages',
    );
    expect(page).toEqual({ status: 'resolved', resolved_by: 'auto:alertmanager' });
    const alerts = await db.query<{ status: string; state_changes: number[] }>(
      'SELECT status, state_changes FROM alerts ORDER BY id',
    );
    expect(alerts).toEqual([
      { status: 'resolved', state_changes: [T0, T0] },
      { status: 'resolved', state_changes: [T0, T0] },
    ]);
    const events = await db.query<{ kind: string }>('SELECT kind FROM page_events ORDER BY id');
    expect(events.map((e) => e.kind)).toEqual([
      'triggered',
      'alert_attached',
      'alert_resolved',
      'alert_resolved',
      'resolved',
    ]);
  });

  it('marks an alert re-sent unchanged as seen again, and stores what changed in another', async () => {
    const { ctx, clock, db, statements } = await setup();
    await ingestAlerts({ ctx, alerts: [disk('a'), disk('b')] });
    clock.advance(30_000);
    // Re-sent unchanged: the read that marks them seen is all; no alert row is written again.
    statements.sql.length = 0;
    expect((await ingestAlerts({ ctx, alerts: [disk('a'), disk('b')] })).map((o) => o.outcome)).toEqual([
      'updated',
      'updated',
    ]);
    expect(statements.sql.filter((sql) => /INSERT INTO alerts\b/.test(sql))).toEqual([]);
    clock.advance(30_000);
    const outcomes = await ingestAlerts({
      ctx,
      alerts: [disk('a'), disk('b', { summary: 'disk nearly full on b' })],
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['updated', 'updated']);
    const rows = await db.query<{ last_seen_ms: number; first_seen_ms: number; summary: string }>(
      'SELECT first_seen_ms, last_seen_ms, summary FROM alerts ORDER BY id',
    );
    expect(rows).toEqual([
      { first_seen_ms: T0, last_seen_ms: T0 + 60_000, summary: 'disk full on a' },
      { first_seen_ms: T0, last_seen_ms: T0 + 60_000, summary: 'disk nearly full on b' },
    ]);
  });

  it('takes two requests in flight with the same alerts in opposite orders one after the other, paging once', async () => {
    const { ctx, db } = await setup();
    const first = [disk('a'), disk('b'), disk('c')];
    const second = [disk('c'), disk('b'), disk('a'), disk('d')];
    const [one, two] = await Promise.all([
      ingestAlerts({ ctx, alerts: first }),
      ingestAlerts({ ctx, alerts: second }),
    ]);
    expect(one?.map((o) => o.outcome)).toEqual(['paged', 'attached', 'attached']);
    expect(two?.map((o) => o.outcome)).toEqual(['updated', 'updated', 'updated', 'attached']);
    const alerts = await db.query<{ fingerprint: string; page_id: number }>(
      'SELECT fingerprint, page_id FROM alerts ORDER BY id',
    );
    expect(alerts.map((a) => a.fingerprint)).toEqual(['a', 'b', 'c', 'd']);
    expect(new Set(alerts.map((a) => a.page_id)).size).toBe(1);
    expect(await db.query('SELECT id FROM pages')).toHaveLength(1);
  });

  it('a request that fails alone fails without failing the requests it waited with', async () => {
    const { ctx, db } = await setup();
    const broken = disk('x', { startsAtMs: Number.NaN });
    const results = await Promise.allSettled([
      ingestAlerts({ ctx, alerts: [disk('a')] }),
      ingestAlerts({ ctx, alerts: [disk('b'), broken] }),
      ingestAlerts({ ctx, alerts: [disk('c')] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const alerts = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM alerts ORDER BY id');
    expect(alerts.map((a) => a.fingerprint)).toEqual(['a', 'c']);
  });
});
