import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from '../../scripts/build.ts';
import { buildInputsHash, STAMP_FILE } from '../../scripts/dist-stamp.js';
import { coreCatalog, scratchDir, waitFor, writeConfig } from '../../src/testing/nines-process.ts';
import { freePort } from '../../src/testing/prometheus.ts';
import { componentsRequired, createTestDatabase, postgresReachable } from '../../src/testing/test-engines.ts';

// What `npm run build` produces runs on plain Node: no tsx, no TypeScript loader, migrations found beside the
// compiled storage module. Built into a folder of its own inside the checkout (Node finds node_modules and the
// package root from there) so other tests running `nines` meanwhile never see dist/ half written.

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, '.dist-test', randomBytes(4).toString('hex'));
const bin = join(outDir, 'cli', 'bin.js');
const run = promisify(execFile);
const children: ChildProcess[] = [];

/** The compiled CLI on plain Node, with the environment stripped of any loader a parent passed on. */
async function compiled(args: string[], env: Record<string, string> = {}) {
  const { NODE_OPTIONS: _loader, ...parent } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...parent, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function serveCompiled(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const configDir = writeConfig({ 'catalog.yaml': coreCatalog });
  const { NODE_OPTIONS: _loader, ...parent } = process.env;
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--config', configDir, '--port', String(port), '--host', '127.0.0.1'],
    { env: { ...parent, NINES_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`compiled server exited early: ${output}`);
      return (await fetch(`${url}/readyz`)).ok ? true : undefined;
    },
    60_000,
    `compiled server ready (${output})`,
  );
  return url;
}

beforeAll(() => buildDist({ outDir, quiet: true }), 120_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(outDir, { recursive: true, force: true });
});

describe('the compiled production build', () => {
  it('holds JavaScript and migrations only, no tests or test harness, stamped with the sources it came from', () => {
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.ts') || f.includes('.test.') || f.startsWith('testing'))).toEqual(
      [],
    );
    expect(files).toContain(join('storage', 'migrations', 'sqlite', '001_init.sql'));
    expect(files).toContain(join('storage', 'migrations', 'postgres', '001_init.sql'));
    expect(readFileSync(join(outDir, STAMP_FILE), 'utf8').trim()).toBe(buildInputsHash(root));
  });

  it('nines validate: exit 0 on a valid directory, 1 with path:line:col on a broken one', async () => {
    const valid = await compiled(['validate', writeConfig({ 'catalog.yaml': coreCatalog })]);
    expect(valid.code).toBe(0);
    expect(valid.stdout + valid.stderr).toContain('valid (1 teams, 1 services');
    const broken = writeConfig({ 'catalog.yaml': coreCatalog.replace('owner: core', 'owner: nobody') });
    const invalid = await compiled(['validate', broken]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout + invalid.stderr).toMatch(/catalog\.yaml:\d+:\d+: .*nobody/);
  });

  it('nines serve on the embedded database answers /readyz, the API with a token, and the console', async () => {
    const dataDir = join(scratchDir('compiled'), 'data');
    const created = await compiled([
      'token',
      'create',
      '--scopes',
      'read',
      '--name',
      'ci',
      '--data-dir',
      dataDir,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    const url = await serveCompiled({ NINES_DATA_DIR: dataDir });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const services = await fetch(`${url}/api/v1/services`, { headers: { authorization: `Bearer ${token}` } });
    expect(services.status).toBe(200);
    expect(JSON.stringify(await services.json())).toContain('"api"');
    const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('nines serve on PostgreSQL migrates a new database and answers /readyz', async () => {
    if (!(await postgresReachable())) {
      if (componentsRequired()) throw new Error('PostgreSQL at 127.0.0.1:5432 is required');
      return;
    }
    const database = await createTestDatabase();
    try {
      const url = await serveCompiled({ NINES_DATABASE_URL: database.url });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      for (const child of children.splice(0)) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await database.drop();
    }
  });
});
