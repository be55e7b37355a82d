import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

/**
 * A process that waits for `goAtMs` (so every contender races at once), tries to take `dataDir`, holds it
 * for three seconds if it can, and prints the outcome.
 */
async function contender(dataDir: string, goAtMs: number): Promise<string> {
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(join(import.meta.dirname, 'lock.ts'))});
    while (Date.now() < Number(process.argv[2])) await new Promise((r) => setTimeout(r, 5));
    try { lockDataDir(process.argv[1]); console.log('won'); await new Promise((r) => setTimeout(r, 3000)); }
    catch (error) { console.log(error.code === 'conflict' ? 'refused' : String(error)); }`;
  const args = ['--import', 'tsx', '-e', script, dataDir, String(goAtMs)];
  const { stdout } = await promisify(execFile)(process.execPath, args);
  return stdout.trim();
}

describe('servers starting at once over a dead holder’s lock', () => {
  it('let exactly one of them take the data directory', async () => {
    const dataDir = scratchDir('data');
    const dead = JSON.stringify({
      pid: 2 ** 22 + 1,
      host: hostname(),
      startedAt: '2026-12-06T05:00:00.000Z',
    });
    writeFileSync(join(dataDir, LOCK_FILE), dead);
    const goAtMs = Date.now() + 4000;
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => contender(dataDir, goAtMs)));
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5);
  });
});
