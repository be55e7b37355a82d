import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../auth/index.ts';
import { resolveRuntimeConfig } from '../../config/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { createEventHub, type EventHub, eventHubKey } from '../../events/index.ts';
import { evaluationTick } from '../../jobs/evaluation-tick.ts';
import { startNines } from '../../main.ts';
import { ingestAlerts } from '../../paging/index.ts';
import { type Db, openStorage } from '../../storage/index.ts';
import {
  type EventStreamClient,
  eventually,
  listenOnLoopback,
  openEventStream,
  type ReceivedEvent,
} from '../../testing/live-events.ts';
import { writeConfig } from '../../testing/nines-process.ts';
import { CAROL_SLACK_URL, firingAlert, PD_KEY, pagingModel } from '../../testing/paging-fixtures.ts';
import { baseConfig } from '../../testing/specs-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';

/** Two handles on one database: the server's, and one a CLI writing beside it would hold. */
async function openTwice(engine: TestEngine): Promise<{ db: Db; other: Db; dispose(): Promise<void> }> {
  if (engine.name === 'postgres') {
    const opened = await engine.open();
    const other = await openStorage({ databaseUrl: opened.url });
    return {
      db: opened.db,
      other,
      async dispose() {
        await other.close();
        await opened.dispose();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'nines-events-'));
  const db = await openStorage({ dataDir });
  const other = await openStorage({ dataDir });
  return {
    db,
    other,
    async dispose() {
      await other.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const cursorShape = /^p(\d+)\.i(\d+)\.d(\d+)\.s[0-9a-f]+-(\d+)$/;
const pageEventId = (id: string | undefined) => Number(cursorShape.exec(id ?? '')?.[1]);

describe.each(await testEngines())('GET /api/v1/events on $name', (engine) => {
  let t: TestApp;
  let storage: Awaited<ReturnType<typeof openTwice>>;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let hub: EventHub;
  const clients: EventStreamClient[] = [];

  beforeAll(async () => {
    storage = await openTwice(engine);
    t = await createTestApp({
      model: pagingModel(),
      env: { PD_ROUTING_KEY: PD_KEY, CAROL_SLACK: CAROL_SLACK_URL },
      openDb: async () => storage.db,
    });
    // Quick polls and heartbeats so a test waits milliseconds, not seconds; a short replay to reach its end.
    hub = t.ctx.caches.get(eventHubKey, () =>
      createEventHub(t.ctx, { pollMs: 50, heartbeatMs: 100, replayLimit: 5 }),
    );
    server = await listenOnLoopback(t.app);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await eventually('every stream is closed', () => hub.streams === 0);
  });
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  const connect = async (options: { token?: string; lastEventId?: string; query?: string } = {}) => {
    const client = await openEventStream(server.url, { token: t.tokens.read, ...options });
    clients.push(client);
    return client;
  };
  /** Connected once the hub counts it: what happens from then on reaches it. */
  const connected = async (options: Parameters<typeof connect>[0] = {}) => {
    const before = hub.streams;
    const client = await connect(options);
    expect(client.status).toBe(200);
    await eventually('the stream is subscribed', () => hub.streams > before);
    return client;
  };
  const openPage = async (fingerprint: string, db = t.ctx.db) => {
    const [outcome] = await ingestAlerts({ ctx: { ...t.ctx, db }, alerts: [firingAlert(fingerprint)] });
    if (outcome?.outcome !== 'paged') throw new Error(`expected a page, got ${JSON.stringify(outcome)}`);
    return outcome.pageId;
  };
  const pageEvent = (pageId: number, kind: string) => (e: ReceivedEvent) =>
    e.event === 'page' && e.data.pageId === pageId && e.data.kind === kind;

  it('shows a page acknowledged through the API on an open stream, with an id to resume from', async () => {
    const client = await connected();
    expect(client.headers.get('content-type')).toBe('text/event-stream');
    expect(client.headers.get('cache-control')).toBe('no-cache');
    expect(client.headers.get('x-accel-buffering')).toBe('no');
    const pageId = await openPage('events-ack');
    await client.waitFor('the page triggered', pageEvent(pageId, 'triggered'));
    expect(client.retryMs).toBe(3000);
    const ack = await t.call('POST', `/api/v1/pages/${pageId}/ack`, { token: t.tokens.write });
    expect(ack.status).toBe(200);
    const acked = await client.waitFor('the acknowledgement', pageEvent(pageId, 'acknowledged'));
    expect(acked.data).toEqual({
      pageId,
      kind: 'acknowledged',
      actor: 'write-token',
      at: '2026-03-02T12:00:00.000Z',
      status: 'acknowledged',
      severity: expect.stringMatching(/^P[0-4]$/),
      service: 'orders',
      summary: 'orders errors (events-ack)',
    });
    const [stored] = await t.db.query<{ id: number }>(
      "SELECT id FROM page_events WHERE page_id = $1 AND kind = 'acknowledged'",
      [pageId],
    );
    expect(acked.id).toMatch(cursorShape);
    expect(pageEventId(acked.id)).toBe(Number(stored?.id));
  });

  it('shows an incident status change', async () => {
    const client = await connected();
    const declared = await t.call('POST', '/api/v1/incidents', {
      token: t.tokens.write,
      body: { title: 'Checkout is slow', severity: 'SEV2' },
    });
    expect(declared.status).toBe(201);
    const { id } = (await declared.json()) as { id: number };
    const changed = await t.call('POST', `/api/v1/incidents/${id}/status`, {
      token: t.tokens.write,
      body: { status: 'identified' },
    });
    expect(changed.status).toBe(200);
    const event = await client.waitFor(
      'the status change',
      (e) => e.event === 'incident' && e.data.incidentId === id && e.data.kind === 'status_changed',
    );
    expect(event.data).toMatchObject({
      incidentId: id,
      status: 'identified',
      severity: 'SEV2',
      title: 'Checkout is slow',
      actor: 'write-token',
    });
  });

  it("shows an SLO's status change when an evaluation tick changes it", async () => {
    const client = await connected();
    const push = await t.call('POST', '/api/v1/sli-events', {
      token: t.tokens.write,
      body: { events: [{ slo: 'checkout-availability', time: t.clock.now(), good: 999, total: 1000 }] },
    });
    expect(push.status).toBe(202);
    await evaluationTick({ ctx: t.ctx, metrics: t.metrics })();
    const event = await client.waitFor('the SLO change', (e) => e.event === 'slo');
    // 999 of 1000 good spends a 99.9 % budget exactly: nothing remains.
    expect(event.data).toEqual({
      slo: 'checkout-availability',
      service: 'checkout',
      status: 'exhausted',
      previous: 'no_data',
      budgetRemaining: 0,
      at: '2026-03-02T12:00:00.000Z',
    });
    // A tick that changes no status sends nothing more.
    await evaluationTick({ ctx: t.ctx, metrics: t.metrics })();
    expect(client.events.filter((e) => e.event === 'slo')).toHaveLength(1);
  });

  it('replays exactly what a client missed when it resumes with Last-Event-ID, and nothing twice', async () => {
    const first = await connected();
    const seen = await openPage('resume-seen');
    const last = await first.waitFor('the page seen before leaving', pageEvent(seen, 'triggered'));
    first.close();
    await eventually('the client left', () => hub.streams === 0);

    const missedPage = await openPage('resume-missed');
    await t.call('POST', `/api/v1/pages/${missedPage}/resolve`, { token: t.tokens.write });
    await t.call('POST', '/api/v1/sli-events', {
      token: t.tokens.write,
      body: { events: [{ slo: 'search-availability', time: t.clock.now(), good: 10, total: 10 }] },
    });
    await evaluationTick({ ctx: t.ctx, metrics: t.metrics })();

    for (const resume of [{ lastEventId: last.id }, { query: `?lastEventId=${last.id}` }]) {
      const back = await connected(resume);
      await back.waitFor('the SLO change missed', (e) => e.event === 'slo');
      await back.waitFor('the resolution missed', pageEvent(missedPage, 'resolved'));
      const summary = back.events.map((e) =>
        e.event === 'slo' ? `slo ${e.data.slo} ${e.data.status}` : `page ${e.data.pageId} ${e.data.kind}`,
      );
      expect(summary).toEqual([
        `page ${missedPage} triggered`,
        `page ${missedPage} resolved`,
        'slo search-availability healthy',
      ]);
      // Ids only move forward, so the last one resumes after everything.
      const ids = back.events.map((e) => pageEventId(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      back.close();
      await eventually('the client left', () => hub.streams === 0);
    }
  });

  it('tells a client that missed more than the server replays, or comes from another boot, to refetch', async () => {
    const first = await connected();
    const seen = await openPage('reset-seen');
    const last = await first.waitFor('the page seen before leaving', pageEvent(seen, 'triggered'));
    first.close();
    await eventually('the client left', () => hub.streams === 0);
    for (let i = 0; i < 6; i++) await openPage(`reset-missed-${i}`);
    const [newest] = await t.db.query<{ id: number }>('SELECT max(id) AS id FROM page_events');

    const back = await connected({ lastEventId: last.id });
    const reset = await back.waitFor('the reset', (e) => e.event === 'reset');
    expect(reset.data).toEqual({ refetch: ['pages'], reason: 'more than 5 events were missed' });
    // Carrying on from the reset's id skips what the refetch covers.
    expect(pageEventId(reset.id)).toBe(Number(newest?.id));
    expect(back.events.filter((e) => e.event === 'page')).toEqual([]);

    const otherBoot = (reset.id as string).replace(/\.s[0-9a-f]+-/, '.sffff-');
    const restarted = await connected({ lastEventId: otherBoot });
    const sloReset = await restarted.waitFor('the SLO reset', (e) => e.event === 'reset');
    expect(sloReset.data).toEqual({ refetch: ['slos'], reason: 'the server restarted since this id' });
    expect(restarted.events.filter((e) => e.event === 'reset')).toHaveLength(1);
  });

  it('shows a change written by another process on the same database', async () => {
    const client = await connected();
    const pageId = await openPage('from-the-cli', storage.other);
    const event = await client.waitFor('the page written beside the server', pageEvent(pageId, 'triggered'));
    expect(event.data).toMatchObject({ status: 'triggered', service: 'orders' });
  });

  it.runIf(engine.name === 'postgres')(
    'delivers an event committed after a later one, in id order (ids are taken at insert, seen at commit)',
    async () => {
      const client = await connected();
      const pageId = await openPage('commit-order');
      await client.waitFor('the page', pageEvent(pageId, 'triggered'));
      let commit = () => {};
      const committed = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let slowId = 0;
      let inserted = () => {};
      const insertedOnce = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const slow = storage.other.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          "INSERT INTO page_events (page_id, at_ms, kind, actor) VALUES ($1, $2, 'escalated', 'cli') RETURNING id",
          [pageId, t.clock.now()],
        );
        slowId = Number(row?.id);
        inserted();
        await committed;
      });
      await insertedOnce;
      const laterPage = await openPage('commit-order-later');
      const pollsBefore = hub.polls;
      await eventually(
        'the poller has read past the uncommitted id twice',
        () => hub.polls >= pollsBefore + 2,
      );
      commit();
      await slow;
      await client.waitFor('the later page', pageEvent(laterPage, 'triggered'));
      const ids = client.events.filter((e) => e.event === 'page').map((e) => pageEventId(e.id));
      expect(ids).toContain(slowId);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    },
  );

  it('refuses a malformed Last-Event-ID with 400 and says what it expected', async () => {
    const cases: Array<{ headers: Record<string, string>; query?: string }> = [
      { headers: { 'last-event-id': 'p1.i2' } },
      { headers: {}, query: '?lastEventId=p1.i2.s0-x' },
    ];
    for (const options of cases) {
      const response = await t.call('GET', `/api/v1/events${options.query ?? ''}`, {
        headers: options.headers,
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toMatch(/is not an id this stream sent/);
    }
  });

  it('frees the subscription when the client disconnects', async () => {
    const before = hub.streams;
    const clientsNow = [await connected(), await connected()];
    expect(hub.streams).toBe(before + 2);
    for (const client of clientsNow) client.close();
    await eventually('both subscriptions are freed', () => hub.streams === before);
  });

  it('answers HEAD with the headers alone, holding no stream open', async () => {
    const response = await t.call('HEAD', '/api/v1/events');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(hub.streams).toBe(0);
  });

  it('ends the stream when its token is revoked, and refuses it after', async () => {
    const created = await createToken({ db: t.db, clock: t.clock, name: 'dashboard', scopes: ['read'] });
    const client = await connected({ token: created.token });
    const revoked = await t.call('DELETE', `/api/v1/tokens/${created.id}`, { token: t.tokens.admin });
    expect(revoked.status).toBe(200);
    await client.ended;
    expect(client.comments).toContain('the token was revoked or expired');
    await eventually('the subscription is freed', () => hub.streams === 0);
    expect((await connect({ token: created.token })).status).toBe(401);
  });

  it('drops a client that does not read, and the others keep receiving', async () => {
    const reading = await connected();
    const before = hub.streams;
    // Never read: the response body stays unconsumed, as a stalled connection would.
    const stalled = await t.call('GET', '/api/v1/events');
    expect(stalled.status).toBe(200);
    expect(hub.streams).toBe(before + 1);
    // In rounds the reading client keeps up with; the stalled one only piles them up, past its limit.
    const rounds = 16;
    for (let round = 0; round < rounds; round++) {
      const changes = Array.from({ length: 1000 }, (_, i) => ({
        slo: `flood-${round}-${i}`,
        service: 'checkout',
        status: 'ok',
        previous: 'no_data',
        budgetRemaining: 1,
        atMs: t.clock.now(),
      }));
      t.ctx.live.publishSloChanges(changes);
      await reading.waitFor(`round ${round}`, (e) => e.data.slo === `flood-${round}-999`);
    }
    await eventually('the stalled client is dropped', () => hub.streams === before);
    const flood = reading.events.filter((e) => e.event === 'slo' && String(e.data.slo).startsWith('flood-'));
    expect(flood).toHaveLength(rounds * 1000);
  });
});

describe('GET /api/v1/events limits', () => {
  it('refuses a stream past the cap with 503 and Retry-After, and ends streams when the server stops', async () => {
    const t = await createTestApp();
    const hub = t.ctx.caches.get(eventHubKey, () => createEventHub(t.ctx, { maxStreams: 1 }));
    const server = await listenOnLoopback(t.app);
    try {
      const open = await openEventStream(server.url, { token: t.tokens.read });
      expect(open.status).toBe(200);
      await eventually('the stream is subscribed', () => hub.streams === 1);
      const refused = await t.call('GET', '/api/v1/events');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /1 event streams/,
      );

      t.ctx.live.stop();
      await open.ended;
      expect(open.comments).toContain('the server is stopping');
      expect(hub.streams).toBe(0);
      expect((await t.call('GET', '/api/v1/events')).status).toBe(503);
    } finally {
      await server.close();
      await t.close();
    }
  });

  it('lets the server stop while a stream is open, ending the stream', async () => {
    const config = resolveRuntimeConfig(
      {},
      {
        configDir: writeConfig({ 'base.yaml': baseConfig }),
        port: '0',
        host: '127.0.0.1',
        dataDir: 'memory://',
      },
    );
    const nines = await startNines({ config, logger: silentLogger, jobs: false });
    const { token } = await createToken({
      db: nines.ctx.db,
      clock: nines.ctx.clock,
      name: 'tv',
      scopes: ['read'],
    });
    const open = await openEventStream(nines.url, { token });
    expect(open.status).toBe(200);
    await nines.close();
    await open.ended;
    expect(open.comments).toContain('the server is stopping');
  });
});
