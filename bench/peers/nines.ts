import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createToken, scratchDir, startServer, writeConfig } from '../../src/testing/nines-process.ts';

// `nines serve` as a user runs it (bin/nines.js: the compiled build when current), on the embedded
// database, with a write token made by `nines token create` before it starts.

const ninesBin = join(import.meta.dirname, '../../bin/nines.js');

export interface BenchNines {
  url: string;
  pid: number;
  token: string;
  configDir: string;
  /** Throws with the end of the server's output when it has exited. */
  assertRunning(): void;
  stop(): Promise<void>;
}

export async function startBenchNines(files: Record<string, string>): Promise<BenchNines> {
  const configDir = writeConfig(files);
  const dataDir = join(scratchDir('peer-data'), 'data');
  const token = await createToken(['--scopes', 'write', '--name', 'bench', '--data-dir', dataDir]);
  // NINES_BENCH_CPU_PROF=DIR: a CPU profile of each bench server, written when it stops.
  const profile = process.env.NINES_BENCH_CPU_PROF;
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  // NINES_BENCH_NODE_ARGS: more node flags for each bench server, e.g. --heapsnapshot-signal=SIGUSR2.
  nodeArgs.push(...(process.env.NINES_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []));
  const server = await startServer({ configDir, dataDir, nodeArgs });
  return {
    url: server.url,
    pid: server.child.pid as number,
    token,
    configDir,
    assertRunning() {
      const { exitCode, signalCode } = server.child;
      if (exitCode === null && signalCode === null) return;
      throw new Error(`nines exited (${exitCode ?? signalCode}):\n${server.output().slice(-4000)}`);
    },
    async stop() {
      await server.stop();
      rmSync(configDir, { recursive: true, force: true });
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}

/** `nines rules prometheus DIR` through the real CLI over these files: the rule file a user would load. */
export async function exportedRules(files: Record<string, string>): Promise<string> {
  const configDir = writeConfig(files);
  try {
    // Thousands of SLOs' rules are megabytes: more than execFile's default output buffer.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [ninesBin, 'rules', 'prometheus', configDir],
      {
        maxBuffer: 1024 * 1024 * 1024,
      },
    );
    return stdout;
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

interface SloView {
  name: string;
  sli: { total: number };
}

/**
 * How many of the server's SLOs have counted any request yet; undefined when the server did not answer
 * within 30 s, an error when it has exited.
 */
export async function slosWithData(
  server: BenchNines,
): Promise<{ withData: number; all: number } | undefined> {
  const answer = await fetch(`${server.url}/api/v1/slos`, {
    headers: { authorization: `Bearer ${server.token}` },
    // A server that stops answering must not hold the bench for undici's five minutes; the timeout
    // covers reading the body too.
    signal: AbortSignal.timeout(30_000),
  })
    .then(async (response) => ({ status: response.status, body: await response.json() }))
    .catch(() => undefined);
  server.assertRunning();
  if (!answer) return undefined;
  if (answer.status !== 200) throw new Error(`GET /api/v1/slos answered ${answer.status}`);
  const { slos } = answer.body as { slos: SloView[] };
  return { withData: slos.filter((slo) => slo.sli.total > 0).length, all: slos.length };
}
