import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

// A synthetic fleet for the side-by-side benchmarks: services whose `http_requests_total{service,code}`
// counters grow at a steady rate with a small error ratio, as a separate process so its work is never
// counted in anyone's CPU. Counters are a function of wall time since `epochMs`, so the history written
// into Prometheus' TSDB beforehand and the live scrapes form one unbroken counter.

export const FLEET_METRIC = 'http_requests_total';

/** One group of services named `${prefix}${i}`, i from 0 to count − 1, all with the same traffic. */
export interface FleetGroup {
  prefix: string;
  count: number;
  requestsPerSecond: number;
  /** Share of requests answered 500 while healthy. */
  errorRatio: number;
}

export interface FleetSpec {
  /** Where every counter starts from 0 (the start of the history). */
  epochMs: number;
  groups: FleetGroup[];
}

/** A service's counters: `good` (code 200) and `bad` (code 500), as of `sinceMs`, and its mode since. */
interface ServiceState {
  good: number;
  bad: number;
  sinceMs: number;
  outage: boolean;
  group: FleetGroup;
}

/** Requests (good, bad) a healthy service of `group` has served from `epochMs` to `atMs`: whole requests. */
export function healthyCounters(
  group: FleetGroup,
  epochMs: number,
  atMs: number,
): { good: number; bad: number } {
  const seconds = Math.max(0, atMs - epochMs) / 1000;
  return {
    good: Math.floor(seconds * group.requestsPerSecond * (1 - group.errorRatio)),
    bad: Math.floor(seconds * group.requestsPerSecond * group.errorRatio),
  };
}

function countersAt(state: ServiceState, atMs: number): { good: number; bad: number } {
  const seconds = Math.max(0, atMs - state.sinceMs) / 1000;
  const rps = state.group.requestsPerSecond;
  if (state.outage) return { good: state.good, bad: state.bad + Math.floor(seconds * rps) };
  const errorRatio = state.group.errorRatio;
  return {
    good: state.good + Math.floor(seconds * rps * (1 - errorRatio)),
    bad: state.bad + Math.floor(seconds * rps * errorRatio),
  };
}

/** Every service name of `spec`, in order. */
export function fleetServices(spec: FleetSpec): string[] {
  return spec.groups.flatMap((group) => Array.from({ length: group.count }, (_, i) => `${group.prefix}${i}`));
}

function serveFleet(spec: FleetSpec): void {
  const states = new Map<string, ServiceState>();
  for (const group of spec.groups) {
    for (let i = 0; i < group.count; i++) {
      states.set(`${group.prefix}${i}`, { good: 0, bad: 0, sinceMs: spec.epochMs, outage: false, group });
    }
  }
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fleet');
    if (url.pathname === '/mode' && request.method === 'POST') {
      // Switch one service between healthy and a full outage (every request a 500) at this instant.
      const state = states.get(url.searchParams.get('service') ?? '');
      if (!state) return response.writeHead(404).end();
      const atMs = Date.now();
      Object.assign(state, countersAt(state, atMs), {
        sinceMs: atMs,
        outage: url.searchParams.get('mode') === 'outage',
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ atMs }));
      return;
    }
    const nowMs = Date.now();
    const lines = [`# TYPE ${FLEET_METRIC} counter`];
    for (const [name, state] of states) {
      const { good, bad } = countersAt(state, nowMs);
      lines.push(`${FLEET_METRIC}{service="${name}",code="200"} ${good}`);
      lines.push(`${FLEET_METRIC}{service="${name}",code="500"} ${bad}`);
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
  });
}

export interface RunningFleet {
  /** `host:port`, for a scrape config. */
  target: string;
  pid: number;
  /** Switches `service` to a full outage (or back); resolves with the instant it took effect. */
  setOutage(service: string, outage: boolean): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the fleet as a child process (`node --import tsx fleet.ts SPEC`). */
export async function startFleet(spec: FleetSpec): Promise<RunningFleet> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(spec)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fleet exited with ${code}`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  const target = `127.0.0.1:${port}`;
  return {
    target,
    pid: child.pid as number,
    async setOutage(service, outage) {
      const mode = outage ? 'outage' : 'healthy';
      const response = await fetch(`http://${target}/mode?service=${service}&mode=${mode}`, {
        method: 'POST',
      });
      if (!response.ok) throw new Error(`fleet has no service ${service}`);
      return ((await response.json()) as { atMs: number }).atMs;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  serveFleet(JSON.parse(process.argv[2] ?? '{}') as FleetSpec);
