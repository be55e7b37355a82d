import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';
import { reportFault } from '../../src/testing/faults.ts';
import {
  coreCatalog,
  createToken,
  type ServerProcess,
  scratchDir,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import { componentsRequired, createTestDatabase, postgresReachable } from '../../src/testing/test-engines.ts';

// kill -9 in the middle of a rollout, twice: once mid-bake, once while an action is in flight. The
// restarted server (same data dir) resumes: the bake keeps its recorded start, no action recorded done is
// sent again, the one in flight is re-sent once with its key, and the deploy ends succeeded.

interface Rollout {
  id: number;
  deployId: number;
  status: string;
  phase: string;
  step: number;
  steps: Array<{ analysisId: number | null; bakeStartedAt: string | null; outcome: string | null }>;
  inFlight: { key: string } | null;
}

/** A receiver that dedupes by Idempotency-Key, as the docs ask; it can hold one key's first request. */
async function startReceiver() {
  const requests: string[] = [];
  const performed: string[] = [];
  const held: ServerResponse[] = [];
  let holdKey: string | null = null;
  let onHeld: (() => void) | null = null;
  const server = createServer((request, response) => {
    const key = String(request.headers['idempotency-key']);
    request.resume();
    request.on('end', () => {
      requests.push(key);
      if (key === holdKey) {
        holdKey = null;
        held.push(response);
        onHeld?.();
        return;
      }
      if (!performed.includes(key)) performed.push(key);
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    performed,
    /** The first request with `key` never gets an answer; resolves once it arrived. */
    hold(key: string): Promise<void> {
      holdKey = key;
      return new Promise((resolve) => {
        onHeld = resolve;
      });
    },
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const BAKE_SECONDS = 4;

function config(receiverUrl: string) {
  return {
    'catalog.yaml': coreCatalog,
    'rollout.yaml': `
apiVersion: nines.dev/v1
kind: RolloutPlan
metadata: { name: progressive }
spec:
  steps:
    - { weight: 10, bake: ${BAKE_SECONDS}s }
    - { weight: 50, bake: ${BAKE_SECONDS}s }
    - { weight: 100, bake: ${BAKE_SECONDS}s }
  analysis:
    source: pushed
    interval: 2s
    metrics: [{ name: errors, direction: increase }]
  actions:
    setWeight: { http: { url: "${receiverUrl}/weight/{{service}}", body: '{"weight": {{weight}}}' }, timeout: 5s, retries: 0 }
    rollback: { http: { url: "${receiverUrl}/rollback/{{service}}" } }
    promote: { http: { url: "${receiverUrl}/promote/{{service}}" } }
`,
  };
}

/** Calls a server's API with `token`; `until` polls a rollout, feeding each bake identical samples once. */
function rolloutClient(token: string) {
  const call = async (server: ServerProcess, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const rolloutOn = async (server: ServerProcess, id: number) =>
    (await call(server, 'GET', `/api/v1/rollouts/${id}`)).body as unknown as Rollout;
  /** Pushes identical samples over the whole bake of the current step's analysis (once per analysis). */
  const fed = new Set<number>();
  const feed = async (server: ServerProcess, rollout: Rollout) => {
    const analysisId = rollout.steps[rollout.step - 1]?.analysisId;
    if (rollout.phase !== 'bake' || !analysisId || fed.has(analysisId)) return;
    const analysis = (await call(server, 'GET', `/api/v1/canary/analyses/${analysisId}`)).body.data as {
      startedAt: string;
    };
    const from = Date.parse(analysis.startedAt);
    const samples = Array.from({ length: BAKE_SECONDS * 5 }, (_, i) => {
      const at = new Date(from + i * 200).toISOString();
      const value = 1 + (i % 4) * 0.25;
      return [
        { metric: 'errors', variant: 'control', at, value },
        { metric: 'errors', variant: 'experiment', at, value },
      ];
    }).flat();
    const pushed = await call(server, 'POST', `/api/v1/canary/analyses/${analysisId}/samples`, { samples });
    expect(pushed.status).toBe(202);
    fed.add(analysisId);
  };
  /** Polls the rollout, feeding each bake, until `done` holds. */
  const until = (server: ServerProcess, id: number, done: (r: Rollout) => boolean, what: string) =>
    waitFor(
      async () => {
        const rollout = await rolloutOn(server, id);
        await feed(server, rollout);
        return done(rollout) ? rollout : undefined;
      },
      90_000,
      what,
    );

  return { call, rolloutOn, until };
}

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

const engines = componentsRequired() || (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe.each(engines)('a rollout under kill -9 (%s)', (engine) => {
  it('resumes mid-bake and mid-action, acting once per key, and finishes', async () => {
    const receiver = await startReceiver();
    const configDir = writeConfig(config(receiver.url));
    const dataDir = scratchDir('rollout-kill9');
    const env: Record<string, string> = { NINES_TOKEN: '', NINES_SERVER: '' };
    if (engine === 'postgres') {
      const database = await createTestDatabase();
      cleanup.push(() => database.drop());
      env.NINES_DATABASE_URL = database.url;
    }
    const token = await createToken(['--scopes', 'write', '--data-dir', dataDir], env);
    const { call, rolloutOn, until } = rolloutClient(token);

    let server = await startServer({ configDir, dataDir, env });
    servers.push(server);
    const created = await call(server, 'POST', '/api/v1/deploys', {
      service: 'api',
      version: 'v2',
      rolloutPlan: 'progressive',
    });
    expect(created.status).toBe(201);
    const id = (created.body.rollout as Rollout).id;
    const deployId = created.body.id as number;

    // 1. Killed mid-bake of step 1.
    const baking = await until(server, id, (r) => r.phase === 'bake' && r.step === 1, 'step 1 to bake');
    const bakeStart = baking.steps[0]?.bakeStartedAt;
    const firstAnalysis = baking.steps[0]?.analysisId;
    const stepTwoKey = `nines-rollout-${id}-2-setWeight`;
    const heldArrived = receiver.hold(stepTwoKey);
    await server.kill9();
    server = await startServer({ configDir, dataDir, env });
    servers.push(server);

    // 2. Killed while step 2's setWeight is in flight (the receiver holds it unanswered).
    await until(server, id, (r) => r.step === 2 && r.inFlight?.key === stepTwoKey, 'step 2 in flight');
    await heldArrived;
    const afterFirstRestart = await rolloutOn(server, id);
    expect(afterFirstRestart.steps[0]).toMatchObject({
      bakeStartedAt: bakeStart,
      analysisId: firstAnalysis,
      outcome: 'pass',
    });
    await server.kill9();
    server = await startServer({ configDir, dataDir, env });
    servers.push(server);

    const finished = await until(server, id, (r) => r.status !== 'running', 'the rollout to end');
    expect(finished.status).toBe('succeeded');
    expect(finished.steps.map((s) => s.outcome)).toEqual(['pass', 'pass', 'pass']);

    const keys = ['1-setWeight', '2-setWeight', '3-setWeight', '3-promote'].map(
      (k) => `nines-rollout-${id}-${k}`,
    );
    // Each action performed once, in order; only the one in flight at the kill was sent twice (same key).
    expect(receiver.performed).toEqual(keys);
    expect(receiver.requests).toEqual([keys[0], keys[1], keys[1], keys[2], keys[3]]);
    reportFault(`rollout-kill9-${engine}`, {
      kills: 2,
      actions: receiver.performed.length,
      requests: receiver.requests.length,
      performedTwice: receiver.performed.length - new Set(receiver.performed).size,
    });

    const deploy = (await call(server, 'GET', `/api/v1/deploys/${deployId}`)).body as {
      outcome: string;
      events: Array<{ kind: string; details: Record<string, unknown> }>;
    };
    expect(deploy.outcome).toBe('succeeded');
    const timeline = deploy.events
      .map((e) => e.kind)
      .filter((k) => k.startsWith('rollout.') || k === 'finished');
    expect(timeline).toEqual([
      'rollout.started',
      'rollout.step',
      'rollout.action',
      'rollout.resumed',
      'rollout.judged',
      'rollout.step',
      'rollout.resumed',
      'rollout.action',
      'rollout.judged',
      'rollout.step',
      'rollout.action',
      'rollout.judged',
      'rollout.action',
      'rollout.succeeded',
      'finished',
    ]);
    const resumed = deploy.events.filter((e) => e.kind === 'rollout.resumed').map((e) => e.details);
    expect(resumed).toEqual([
      expect.objectContaining({ phase: 'bake', step: 1 }),
      expect.objectContaining({ phase: 'act', step: 2, resend: keys[1] }),
    ]);
    await receiver.close();
  }, 180_000);
});

// Two nodes on one PostgreSQL: both run the rollouts job, one drives (its lease), nothing is sent twice;
// the driving node is killed mid-bake and the other takes the rollout over once the lease has run out.
describe.skipIf(!engines.includes('postgres'))('a rollout on two nodes sharing PostgreSQL', () => {
  it('is driven by one node at a time, and the other finishes it when that node dies', async () => {
    const receiver = await startReceiver();
    const configDir = writeConfig(config(receiver.url));
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const env: Record<string, string> = {
      NINES_TOKEN: '',
      NINES_SERVER: '',
      NINES_DATABASE_URL: database.url,
    };
    const dataDirs = [scratchDir('rollout-node-a'), scratchDir('rollout-node-b')];
    const token = await createToken(['--scopes', 'write', '--data-dir', dataDirs[0] as string], env);
    const nodes = await Promise.all(dataDirs.map((dataDir) => startServer({ configDir, dataDir, env })));
    servers.push(...nodes);
    const { call, until } = rolloutClient(token);
    const [first, second] = nodes as [ServerProcess, ServerProcess];
    const created = await call(first, 'POST', '/api/v1/deploys', {
      service: 'api',
      version: 'v3',
      rolloutPlan: 'progressive',
    });
    expect(created.status).toBe(201);
    const id = (created.body.rollout as Rollout).id;
    await until(second, id, (r) => r.phase === 'bake' && r.step === 2, 'step 2 to bake');

    const db = await openStorage({ databaseUrl: database.url, dataDir: dataDirs[0] as string });
    const [row] = await db.query<{ lease_owner: string }>('SELECT lease_owner FROM rollouts WHERE id = $1', [
      id,
    ]);
    await db.close();
    const driver = nodes.find((node) => row?.lease_owner.includes(`:${node.child.pid}:`)) as ServerProcess;
    expect(driver).toBeDefined();
    const survivor = driver === first ? second : first;
    await driver.kill9();

    const finished = await until(survivor, id, (r) => r.status !== 'running', 'the survivor to finish it');
    expect(finished.status).toBe('succeeded');
    const keys = ['1-setWeight', '2-setWeight', '3-setWeight', '3-promote'].map(
      (k) => `nines-rollout-${id}-${k}`,
    );
    // Two live nodes, one of them killed: every action sent once, in order.
    expect(receiver.requests).toEqual(keys);
    const deploy = (await call(survivor, 'GET', `/api/v1/deploys/${created.body.id}`)).body as {
      events: Array<{ kind: string; details: Record<string, unknown> }>;
    };
    const resumed = deploy.events.filter((e) => e.kind === 'rollout.resumed').map((e) => e.details);
    expect(resumed).toEqual([expect.objectContaining({ phase: 'bake', step: 2 })]);
    reportFault('rollout-two-nodes-postgres', {
      nodes: 2,
      actions: receiver.performed.length,
      requests: receiver.requests.length,
      performedTwice: receiver.requests.length - new Set(receiver.requests).size,
    });
    await receiver.close();
  }, 180_000);
});
