import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './prometheus.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/nines.js');

/** The smallest valid catalog: team `core` owning service `api`. */
export const coreCatalog = `
apiVersion: nines.dev/v1
kind: Team
metadata: { name: core }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: api }
spec: { owner: core }
`;

/** A scratch folder for one test. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `nines-${prefix}-`));
}

/** Writes `files` (name -> YAML) into a new config directory. */
export function writeConfig(files: Record<string, string>): string {
  const dir = scratchDir('config');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs the real CLI (`bin/nines.js`) to completion; killed after `timeoutMs` (a server that should not have started). */
export async function nines(args: string[], env: Record<string, string> = {}, timeoutMs = 0) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `nines token create ARGS…` as a user runs it; the token it prints (throws with its stderr if it failed). */
export async function createToken(args: string[], env: Record<string, string> = {}): Promise<string> {
  const created = await nines(['token', 'create', ...args], env);
  if (created.code !== 0) throw new Error(`nines token create failed (${created.code}): ${created.stderr}`);
  return created.stdout.trim();
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown code runs. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits until `check` returns a value, polling every 50 ms, failing after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `nines serve` as a child process and waits for /readyz. */
export async function startServer(options: {
  configDir: string;
  dataDir: string;
  env?: Record<string, string>;
  /** Reuse a port (a restart that clients must find at the same address). */
  port?: number;
  /** Flags for node itself (`--cpu-prof` is refused in NODE_OPTIONS). */
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      bin,
      'serve',
      '--config',
      options.configDir,
      '--data-dir',
      options.dataDir,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    { env: { ...process.env, NINES_LOG_LEVEL: 'warn', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
      const response = await fetch(`${url}/readyz`);
      return response.ok ? true : undefined;
    },
    60_000,
    `server ready (${output})`,
  ).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  });
  return {
    url,
    child,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
