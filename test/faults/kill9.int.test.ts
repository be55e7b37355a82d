import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';
import {
  faultLoad,
  lossAndDuplication,
  pushAll,
  reportFault,
  resendUntilAcknowledged,
  sliBatches,
  storedTotals,
  timed,
} from '../../src/testing/faults.ts';
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

// Kill -9 at any time: every acknowledged event is counted exactly once after restart, and alert
// states are as they were. The server runs as a real child process on the embedded database.

const config = {
  'catalog.yaml': coreCatalog,
  'slos.yaml': `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: api-availability }
spec:
  service: api
  objective: 99
  window: 30d
  indicator: { events: {} }
`,
};

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

async function push(url: string, token: string, body: unknown) {
  const response = await fetch(`${url}/api/v1/sli-events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { accepted?: number; duplicate?: boolean },
  };
}

async function sloStatus(url: string, token: string) {
  const response = await fetch(`${url}/api/v1/slos/api-availability`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as {
    sli: { good: number | null; total: number | null };
    alerts: Array<{ severity: string; since: string }>;
    evaluatedAt: string | null;
  };
}

/** Waits for an evaluation that happened after `afterMs`, so the status reflects everything stored before. */
async function freshStatus(url: string, token: string, afterMs: number) {
  return waitFor(async () => {
    const status = await sloStatus(url, token);
    return status.evaluatedAt && Date.parse(status.evaluatedAt) > afterMs ? status : undefined;
  });
}

describe('kill -9', () => {
  const configDir = writeConfig(config);
  const dataDir = scratchDir('data');
  const env = { NINES_EVAL_INTERVAL: '1s' };

  it('loses no acknowledged event, counts none twice, and keeps a firing page', async () => {
    const token = await createToken(['--scopes', 'write', '--data-dir', dataDir]);

    let server = await startServer({ configDir, dataDir, env });
    servers.push(server);
    const batches = Array.from({ length: 40 }, (_, i) => ({
      batchId: `batch-${i}`,
      // Each batch: 100 requests, all failing. 0 good out of 100: a full outage for the page alert.
      events: [{ slo: 'api-availability', time: Date.now(), good: 0, total: 100 }],
    }));
    const acknowledged: string[] = [];
    const pushing = (async () => {
      for (const batch of batches) {
        const answer = await push(server.url, token, batch).catch(() => undefined);
        if (!answer) return;
        if (answer.status === 202) acknowledged.push(batch.batchId);
        if (acknowledged.length === 20) void server.kill9();
      }
    })();
    await pushing;
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(acknowledged.length).toBeLessThan(40);

    server = await startServer({ configDir, dataDir, env });
    servers.push(server);
    const afterRestart = await freshStatus(server.url, token, Date.now());
    // Every acknowledged batch survived; at most the one in flight at the kill may also have been stored.
    const total = afterRestart.sli.total ?? 0;
    expect(total).toBeGreaterThanOrEqual(acknowledged.length * 100);
    expect(total).toBeLessThanOrEqual((acknowledged.length + 1) * 100);

    // The client resends everything with the same batch ids: the stored ones are not counted again.
    for (const batch of batches) expect((await push(server.url, token, batch)).status).toBe(202);
    const resent = await freshStatus(server.url, token, Date.now());
    expect(resent.sli).toEqual({ good: 0, total: 4000, ratio: 0 });
    const page = resent.alerts.find((a) => a.severity === 'page');
    expect(page).toBeDefined();

    // Kill again while the page fires: after restart it is still firing, since the same moment.
    await server.kill9();
    server = await startServer({ configDir, dataDir, env });
    servers.push(server);
    const again = await freshStatus(server.url, token, Date.now());
    expect(again.alerts.find((a) => a.severity === 'page')?.since).toBe(page?.since);
    expect(again.sli.total).toBe(4000);
  });
});

// Under push load, on each engine: a pusher keeps several batches in flight, the server is killed with
// SIGKILL halfway, restarted on the same port, and the client sends every unacknowledged batch again.
// The store must then hold each batch exactly once; recovery is restart (spawn) to /readyz.

const engines = componentsRequired() || (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
const LOAD_SLOS = ['api-availability', 'api-latency', 'api-errors'];
const loadConfig = {
  'catalog.yaml': coreCatalog,
  'slos.yaml': LOAD_SLOS.map(
    (name) => `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: ${name} }
spec: { service: api, objective: 99, window: 30d, indicator: { events: {} } }
`,
  ).join('---'),
};

describe.each(engines)('kill -9 under push load (%s)', (engine) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('loses no acknowledged batch and counts none twice after a restart', async () => {
    const dataDir = scratchDir('kill9');
    const env: Record<string, string> = { NINES_TOKEN: '', NINES_SERVER: '' };
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      const database = await createTestDatabase();
      cleanup.push(() => database.drop());
      databaseUrl = database.url;
      env.NINES_DATABASE_URL = database.url;
    }
    const token = await createToken(['--scopes', 'write', '--data-dir', dataDir], env);
    const configDir = writeConfig(loadConfig);
    let server = await startServer({ configDir, dataDir, env });
    cleanup.push(() => server.stop());
    const port = Number(new URL(server.url).port);

    const count = faultLoad(300, 3000);
    const batches = sliBatches(`kill9-${engine}`, count, LOAD_SLOS);
    let killed: Promise<void> | undefined;
    const load = await pushAll({
      url: () => server.url,
      token,
      batches,
      inFlight: 8,
      afterAck: (acknowledged) => {
        if (acknowledged === Math.floor(count / 2)) killed ??= server.kill9();
      },
    });
    await killed;
    expect(load.acknowledged.size).toBeGreaterThanOrEqual(Math.floor(count / 2));
    expect(load.unacknowledged.length).toBeGreaterThan(0);

    const restart = await timed(() => startServer({ configDir, dataDir, env, port }));
    server = restart.value;
    await resendUntilAcknowledged({ url: server.url, token, batches: load.unacknowledged });
    await server.stop();

    const db = await openStorage({ databaseUrl, dataDir });
    const stored = await storedTotals(db, LOAD_SLOS).finally(() => db.close());
    const { lost, duplicated, goodMatches } = lossAndDuplication(stored, count, LOAD_SLOS.length);
    reportFault(`kill9-${engine}`, {
      lost,
      duplicated,
      recovery: `${Math.round(restart.ms)}ms`,
      batches: count,
      acknowledgedBeforeKill: load.acknowledged.size,
      resent: load.unacknowledged.length,
    });
    expect({ lost, duplicated, goodMatches }).toEqual({ lost: 0, duplicated: 0, goodMatches: true });
  }, 180_000);
});
