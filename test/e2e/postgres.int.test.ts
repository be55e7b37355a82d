import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  coreCatalog,
  createToken,
  type ServerProcess,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import { componentsRequired, createTestDatabase, postgresReachable } from '../../src/testing/test-engines.ts';

// The server on PostgreSQL (NINES_DATABASE_URL): while the database is unreachable /readyz fails and
// pushes get 503 without being acknowledged; when it returns, Nines recovers and nothing acknowledged
// is lost or counted twice.

const adminUrl = process.env.NINES_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const available = componentsRequired() || (await postgresReachable());

const config = {
  'catalog.yaml': coreCatalog,
  'slos.yaml': `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: api-availability }
spec: { service: api, objective: 99.9, indicator: { events: {} } }
`,
};

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

describe.skipIf(!available)('nines serve on PostgreSQL', () => {
  let server: ServerProcess | undefined;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('fails readiness and refuses pushes with 503 while the database is down, then recovers', async () => {
    database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    const env = { NINES_DATABASE_URL: database.url, NINES_EVAL_INTERVAL: '1s' };
    const token = await createToken(['--scopes', 'write'], env);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    server = await startServer({ configDir: writeConfig(config), dataDir: '/nonexistent-unused', env });
    const url = server.url;
    const push = (batchId: string) =>
      fetch(`${url}/api/v1/sli-events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          batchId,
          events: [{ slo: 'api-availability', time: Date.now(), good: 999, total: 1000 }],
        }),
      });

    expect((await push('before')).status).toBe(202);

    await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    const notReady = await waitFor(async () => {
      const response = await fetch(`${url}/readyz`);
      return response.status === 503
        ? ((await response.json()) as { checks: Record<string, string> })
        : undefined;
    });
    // The reason names hosts, so a caller without a (verifiable) token reads only that storage is unavailable.
    expect(notReady.checks.storage).toBe('unavailable');
    const refused = await push('during');
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');

    await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    await waitFor(async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined));
    // The refused batch is sent again by its client and counted once; the first is not counted twice.
    expect((await push('during')).status).toBe(202);
    expect((await push('before')).status).toBe(202);
    const since = Date.now();
    const status = await waitFor(async () => {
      const response = await fetch(`${url}/api/v1/slos/api-availability`, { headers });
      const body = (await response.json()) as {
        sli: { good: number; total: number };
        evaluatedAt: string | null;
      };
      return body.evaluatedAt && Date.parse(body.evaluatedAt) > since ? body : undefined;
    });
    expect(status.sli).toMatchObject({ good: 1998, total: 2000 });
  });
});
