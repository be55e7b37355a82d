import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDeployEvent } from '../deploys/index.ts';
import { type Db, openStorage } from '../storage/index.ts';
import {
  type EventStreamClient,
  eventually,
  listenOnLoopback,
  openEventStream,
  type ReceivedEvent,
} from '../testing/live-events.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { type TestEngine, testEngines } from '../testing/test-engines.ts';
import { createEventHub, type EventHub, eventHubKey } from './index.ts';

/** Two handles on one database: the server's, and one a pipeline's CLI writing beside it would hold. */
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
  const dataDir = mkdtempSync(join(tmpdir(), 'nines-deploy-events-'));
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

const cursorShape = /^p(\d+)\.i(\d+)\.d(\d+)\.s([0-9a-f]+)-(\d+)$/;
const deployEventId = (id: string | undefined) => Number(cursorShape.exec(id ?? '')?.[3]);

describe.each(await testEngines())('deploy events in GET /api/v1/events on $name', (engine) => {
  let t: TestApp;
  let storage: Awaited<ReturnType<typeof openTwice>>;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let hub: EventHub;
  const clients: EventStreamClient[] = [];

  beforeAll(async () => {
    storage = await openTwice(engine);
    t = await createTestApp({ openDb: async () => storage.db });
    // Quick polls so a test waits milliseconds; a short replay to reach its end.
    hub = t.ctx.caches.get(eventHubKey, () =>
      createEventHub(t.ctx, { pollMs: 50, heartbeatMs: 1000, replayLimit: 3 }),
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

  const connected = async (options: { lastEventId?: string } = {}) => {
    const before = hub.streams;
    const client = await openEventStream(server.url, { token: t.tokens.read, ...options });
    clients.push(client);
    expect(client.status).toBe(200);
    await eventually('the stream is subscribed', () => hub.streams > before);
    return client;
  };
  const leave = async (client: EventStreamClient) => {
    client.close();
    await eventually('the client left', () => hub.streams === 0);
  };
  const startDeploy = async (version: string, service = 'checkout') => {
    const response = await t.call('POST', '/api/v1/deploys', {
      token: t.tokens.write,
      body: { service, version, strategy: 'canary', actor: 'ci-pipeline' },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: number }).id;
  };
  const finishDeploy = async (id: number, outcome: string) => {
    const response = await t.call('POST', `/api/v1/deploys/${id}/finish`, {
      token: t.tokens.write,
      body: { outcome },
    });
    expect(response.status).toBe(200);
  };
  const deployEvent = (deployId: number, kind: string) => (e: ReceivedEvent) =>
    e.event === 'deploy' && e.data.deployId === deployId && e.data.kind === kind;
  const newestDeployEventId = async () => {
    const [row] = await t.db.query<{ id: number }>('SELECT max(id) AS id FROM deploy_events');
    return Number(row?.id);
  };

  it('shows a deploy starting and finishing on an open stream, with the deploy as it is now', async () => {
    const client = await connected();
    const id = await startDeploy('v1.4.0');
    const started = await client.waitFor('the deploy started', deployEvent(id, 'started'));
    expect(started.data).toEqual({
      deployId: id,
      kind: 'started',
      actor: 'ci-pipeline',
      at: '2026-03-02T12:00:00.000Z',
      service: 'checkout',
      version: 'v1.4.0',
      environment: 'production',
      outcome: null,
    });
    expect(started.id).toMatch(cursorShape);
    expect(deployEventId(started.id)).toBe(await newestDeployEventId());

    await finishDeploy(id, 'rolled_back');
    const finished = await client.waitFor('the deploy finished', deployEvent(id, 'finished'));
    expect(finished.data).toMatchObject({ deployId: id, kind: 'finished', outcome: 'rolled_back' });
    expect(deployEventId(finished.id)).toBeGreaterThan(deployEventId(started.id));
  });

  it('replays exactly the deploy events a client missed when it resumes, and nothing twice', async () => {
    const first = await connected();
    const seen = await startDeploy('v2.0.0');
    const last = await first.waitFor('the deploy seen before leaving', deployEvent(seen, 'started'));
    await leave(first);

    await finishDeploy(seen, 'succeeded');
    const missed = await startDeploy('v2.0.1', 'search');

    const back = await connected({ lastEventId: last.id as string });
    await back.waitFor('the deploy started while away', deployEvent(missed, 'started'));
    const summary = back.events.map((e) => `${e.event} ${e.data.deployId} ${e.data.kind}`);
    expect(summary).toEqual([`deploy ${seen} finished`, `deploy ${missed} started`]);
  });

  it('starts deploys at now for an id sent before deploys were streamed, and carries on with full ids', async () => {
    const first = await connected();
    const seen = await startDeploy('v3.0.0');
    const last = await first.waitFor('a deploy event', deployEvent(seen, 'started'));
    await leave(first);
    await finishDeploy(seen, 'succeeded');

    // What a console loaded before the upgrade holds: the same id without its deploy part.
    const oldId = (last.id as string).replace(/\.d\d+/, '');
    expect(oldId).toMatch(/^p\d+\.i\d+\.s[0-9a-f]+-\d+$/);
    const back = await connected({ lastEventId: oldId });
    const next = await startDeploy('v3.0.1');
    const event = await back.waitFor('the deploy after reconnecting', deployEvent(next, 'started'));
    // The finish that happened before it reconnected is not replayed: that client never listed deploys.
    expect(back.events.filter((e) => e.event === 'deploy').map((e) => e.data.deployId)).toEqual([next]);
    expect(back.events.filter((e) => e.event === 'reset')).toEqual([]);
    expect(deployEventId(event.id)).toBe(await newestDeployEventId());
  });

  it('tells a client that missed more deploy events than the server replays to refetch deploys', async () => {
    const first = await connected();
    const seen = await startDeploy('v4.0.0');
    const last = await first.waitFor('a deploy event', deployEvent(seen, 'started'));
    await leave(first);
    for (let i = 0; i < 4; i++) await startDeploy(`v4.0.${i + 1}`);

    const back = await connected({ lastEventId: last.id as string });
    const reset = await back.waitFor('the reset', (e) => e.event === 'reset');
    expect(reset.data).toEqual({ refetch: ['deploys'], reason: 'more than 3 events were missed' });
    expect(deployEventId(reset.id)).toBe(await newestDeployEventId());
    expect(back.events.filter((e) => e.event === 'deploy')).toEqual([]);
  });

  it('shows a deploy event written by another process on the same database', async () => {
    const client = await connected();
    const id = await startDeploy('v5.0.0');
    await client.waitFor('the deploy started', deployEvent(id, 'started'));
    await storage.other.transaction((tx) =>
      addDeployEvent(tx, {
        deployId: id,
        atMs: t.clock.now(),
        kind: 'rollout.step',
        actor: 'nines',
        details: { step: 1, weight: 5 },
      }),
    );
    const step = await client.waitFor('the step written beside the server', deployEvent(id, 'rollout.step'));
    expect(step.data).toMatchObject({
      service: 'checkout',
      version: 'v5.0.0',
      actor: 'nines',
      outcome: null,
    });
  });
});
