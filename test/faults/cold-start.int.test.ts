import { afterAll, describe, expect, it } from 'vitest';
import {
  coreCatalog,
  createToken,
  type ServerProcess,
  scratchDir,
  startServer,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import { componentsRequired, createTestDatabase, postgresReachable } from '../../src/testing/test-engines.ts';

// Issue 11, defect 3: right after a restart on PostgreSQL, 20 concurrent GET /status.json gave one 200
// and nineteen 503 "storage unavailable". Concurrent cold loads must share the one load in flight.

const available = componentsRequired() || (await postgresReachable());

const config = {
  'catalog.yaml': coreCatalog,
  'slos.yaml': `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: api-availability }
spec: { service: api, objective: 99.9, window: 30d, indicator: { events: {} } }
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: api-latency }
spec: { service: api, objective: 99, window: 30d, indicator: { events: {} } }
`,
  'status.yaml': `
apiVersion: nines.dev/v1
kind: StatusPage
metadata: { name: public }
spec:
  title: Cold start
  components:
    - { name: api, displayName: API, services: [api] }
`,
};

describe.skipIf(!available)('cold start on PostgreSQL', () => {
  let server: ServerProcess | undefined;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers 20 concurrent GET /status.json right after a restart with 200 each (no 503)', async () => {
    database = await createTestDatabase();
    const env = { NINES_DATABASE_URL: database.url };
    const token = await createToken(['--scopes', 'write'], env);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const configDir = writeConfig(config);
    const dataDir = scratchDir('unused');
    server = await startServer({ configDir, dataDir, env });
    // Some SLO minutes: the last hour, one event batch per minute and SLO.
    const nowMs = Date.now();
    const events = Array.from({ length: 60 }, (_, i) => i).flatMap((i) =>
      ['api-availability', 'api-latency'].map((slo) => ({
        slo,
        time: nowMs - i * 60_000,
        good: i % 7 === 0 ? 90 : 100,
        total: 100,
      })),
    );
    const pushed = await fetch(`${server.url}/api/v1/sli-events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ batchId: 'seed', events }),
    });
    expect(pushed.status).toBe(202);
    await server.stop();

    server = await startServer({ configDir, dataDir, env });
    const url = server.url;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${url}/status.json`).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const answer of answers) {
      expect((answer.body as { components: Array<{ displayName: string }> }).components[0]?.displayName).toBe(
        'API',
      );
    }
  });
});
