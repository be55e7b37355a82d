import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  coreCatalog,
  nines,
  type ServerProcess,
  scratchDir,
  startServer,
  writeConfig,
} from '../testing/nines-process.ts';
import { LOCK_FILE } from './lock.ts';

// One server per data directory, held by real processes; CLI commands write beside the running server.

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

async function start(configDir: string, dataDir: string): Promise<ServerProcess> {
  const server = await startServer({ configDir, dataDir });
  servers.push(server);
  return server;
}

const serveArgs = (configDir: string, dataDir: string) => [
  'serve',
  '--config',
  configDir,
  '--data-dir',
  dataDir,
  '--port',
  '0',
  '--host',
  '127.0.0.1',
];

describe('one server per data directory', () => {
  const configDir = writeConfig({ 'catalog.yaml': coreCatalog });

  it('refuses a second server while the first holds the data directory, naming the holder', async () => {
    const dataDir = scratchDir('data');
    const first = await start(configDir, dataDir);
    const second = await nines(serveArgs(configDir, dataDir), { NINES_LOG_LEVEL: 'warn' }, 20_000);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `data directory .* is in use by another Nines server: pid ${first.child.pid} on host \\S+, started \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
  });

  it('lets a new server start after the holder was killed with kill -9', async () => {
    const dataDir = scratchDir('data');
    const first = await start(configDir, dataDir);
    await first.kill9();
    // The dead holder's file stays behind; it must not block the next start.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    const next = await start(configDir, dataDir);
    expect((await fetch(`${next.url}/readyz`)).status).toBe(200);
  });

  it('accepts at once a token that `nines token create` wrote while the server runs', async () => {
    const dataDir = scratchDir('data');
    const server = await start(configDir, dataDir);
    const created = await nines(['token', 'create', '--scopes', 'read', '--data-dir', dataDir]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    const response = await fetch(`${server.url}/api/v1/slos`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const refused = await fetch(`${server.url}/api/v1/slos`, {
      headers: { authorization: 'Bearer nines_wrong' },
    });
    expect(refused.status).toBe(401);
  });
});
