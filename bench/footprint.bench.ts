import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushFleetTraffic, writeFleetConfig } from '../src/testing/console-fleet.ts';
import { startConsoleServer } from '../src/testing/console-harness.ts';
import { cpuSeconds, rssBytes } from './peers/tools.ts';

const binary = join(import.meta.dirname, '..', 'bin', 'nines.js');

export interface FootprintFigures {
  /** Spawn of `nines serve` to the first 200 from /readyz, whole process. */
  startToReadyMs: number;
  /** Resident memory of the idle server after `idleMs`. */
  idleRssBytes: number;
  /** CPU (user + system) the idle server used per second of wall time, in % of one core. */
  idleCpuPercent: number;
  idleMs: number;
  /** Resident memory of `nines demo` (server, simulated fleet, responders) after `demoMs`; undefined when skipped. */
  demoRssBytes: number | undefined;
  demoMs: number;
  /** `nines serve` holding event-fed SLOs (200 services × 5 = 1,000 at most), one entry per fleet size. */
  fleets: FleetFootprint[];
}

/** Resident memory of `nines serve` with `slos` event-fed SLOs: at ready, and after their traffic is pushed. */
export interface FleetFootprint {
  slos: number;
  readyRssBytes: number;
  /** After 30 minutes of traffic for every SLO (30,000 events at 1,000 SLOs) and `settleMs` of ticks. */
  pushedRssBytes: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilReady(url: string, child: ChildProcess, limitMs: number): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nines exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await pause(25);
  }
  throw new Error(`${url} not ready within ${limitMs} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, pause(10_000).then(() => child.kill('SIGKILL'))]);
}

/** One `nines serve` with an empty config on the embedded database, measured as `ps` would show it. */
export interface ServeFigures {
  /** Spawn to the first 200 from /readyz, whole process. */
  startToReadyMs: number;
  /** Resident memory after `idleMs` of idling. */
  idleRssBytes: number;
  /** CPU (user + system) per second of wall time while idle, in % of one core. */
  idleCpuPercent: number;
}

/**
 * Starts `nines serve` (empty config, a fresh data directory), times it to /readyz, lets it idle for
 * `idleMs` after 2 s of settling, reads its RSS and CPU, and stops it. `env` picks the runtime
 * (`NINES_RUNTIME`).
 */
export async function measureServe(options: {
  idleMs: number;
  env?: Record<string, string>;
}): Promise<ServeFigures> {
  const root = mkdtempSync(join(tmpdir(), 'nines-bench-serve-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const serve = spawn(
    process.execPath,
    [
      binary,
      'serve',
      '--config',
      root,
      '--data-dir',
      join(root, 'data'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    { stdio: 'ignore', env: { ...process.env, NINES_LOG_LEVEL: 'warn', ...options.env } },
  );
  try {
    const started = performance.now();
    await untilReady(`http://127.0.0.1:${port}/readyz`, serve, 60_000);
    const startToReadyMs = performance.now() - started;
    const pid = serve.pid as number;
    await pause(2_000);
    const cpuBefore = cpuSeconds(pid);
    await pause(options.idleMs);
    const idleCpuPercent = ((cpuSeconds(pid) - cpuBefore) / (options.idleMs / 1000)) * 100;
    return { startToReadyMs, idleRssBytes: rssBytes(pid), idleCpuPercent };
  } finally {
    await stop(serve);
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `nines serve` (as a user starts it, `env`'s runtime) on the console fleet of `services` services × 5
 * event-fed SLOs: RSS once ready, then after 30 minutes of their traffic is pushed and `settleMs` passed.
 */
export async function measureFleet(options: {
  services: number;
  settleMs: number;
  env?: Record<string, string>;
}): Promise<FleetFootprint> {
  const fleet = writeFleetConfig({ services: options.services, slosPerService: 5 });
  const server = await startConsoleServer({ configDir: fleet.configDir, env: options.env });
  try {
    const pid = server.process.child.pid as number;
    const readyRssBytes = rssBytes(pid);
    await pushFleetTraffic({ url: server.url, token: server.adminToken }, fleet, { minutes: 30 });
    await pause(options.settleMs);
    return { slos: fleet.slos.length, readyRssBytes, pushedRssBytes: rssBytes(pid) };
  } finally {
    await server.stop();
    rmSync(fleet.configDir, { recursive: true, force: true });
  }
}

/**
 * What running Nines costs as a whole process, as `ps` would show it: `nines serve` with an empty config on
 * the embedded database (start to ready, idle RSS and CPU), then `nines demo` (RSS while the fleet runs).
 * Processes are real children on 127.0.0.1 running `env`'s runtime; the bench process itself is not counted.
 */
export async function benchFootprint(options: {
  idleMs: number;
  demoMs: number;
  /** Fleet sizes in services (× 5 SLOs each) to measure after the empty config. */
  fleetServices?: number[];
  env?: Record<string, string>;
}): Promise<FootprintFigures> {
  const serve = await measureServe({ idleMs: options.idleMs, env: options.env });
  const fleets: FleetFootprint[] = [];
  for (const services of options.fleetServices ?? [40, 200]) {
    fleets.push(await measureFleet({ services, settleMs: 15_000, env: options.env }));
  }
  let demoRssBytes: number | undefined;
  if (options.demoMs > 0) {
    const root = mkdtempSync(join(tmpdir(), 'nines-bench-demo-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const demo = spawn(
      process.execPath,
      [
        binary,
        'demo',
        '--port',
        String(port),
        '--data-dir',
        join(root, 'demo-data'),
        '--duration',
        `${Math.ceil(options.demoMs / 1000) + 30}s`,
      ],
      { stdio: 'ignore', env: { ...process.env, ...options.env } },
    );
    try {
      await untilReady(`http://127.0.0.1:${port}/readyz`, demo, 60_000);
      await pause(options.demoMs);
      demoRssBytes = rssBytes(demo.pid as number);
    } finally {
      await stop(demo);
      rmSync(root, { recursive: true, force: true });
    }
  }
  return { ...serve, idleMs: options.idleMs, demoRssBytes, demoMs: options.demoMs, fleets };
}
