import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../src/testing/prometheus.ts';
import { type FleetSpec, fleetServices, type RunningFleet, startFleet } from './fleet.ts';
import { steadyConfig } from './fleet-config.ts';
import { type BenchNines, exportedRules, slosWithData, startBenchNines } from './nines.ts';
import { type PeerProcess, startPeerPrometheus, writeFleetHistory } from './prometheus.ts';
import { cpuSeconds, rssBytes } from './tools.ts';

// Steady CPU and RSS of keeping N SLOs' burn-rate alerts current, every pipeline at the same time on the
// same fleet: five Prometheus servers scrape it every 15 s — scraping only (the baseline), evaluating the
// rules `nines rules prometheus` exports (every 30 s), queried by a polling Nines, remote-writing to a
// second Nines, remote-writing to a receiver that only answers 204 (what remote_write costs Prometheus
// whoever receives it) — and each process' CPU-seconds are read from /proc over one window.

const roles = [
  'promScrape',
  'promRules',
  'promPolled',
  'promRw',
  'promRwSink',
  'ninesPolled',
  'ninesRw',
] as const;
export type Role = (typeof roles)[number];

/** Traffic of every fleet service: 10 req/s, 0.05 % errors (half the budget of a 99.9 % SLO). */
const FLEET_TRAFFIC = { requestsPerSecond: 10, errorRatio: 0.0005 };

export interface SteadyOptions {
  slos: number;
  /** Healthy history written into every Prometheus before it starts. */
  historyMs: number;
  /** After every SLO of both Nines has data, before the window. */
  warmupMs: number;
  windowMs: number;
  /** Longest wait for both Nines to reach steady state; the window starts anyway, and says so. */
  readyLimitMs: number;
  log: (line: string) => void;
}

export interface SteadyFigures {
  slos: number;
  historyMs: number;
  windowMs: number;
  /** CPU-seconds per second of wall time over the window, per process. */
  cpu: Record<Role, number>;
  /** Largest RSS seen during the window, per process. */
  rssBytes: Record<Role, number>;
  /** SLOs with data in each Nines when the window started (steady state when all of them). */
  ready: { polled: number; remoteWrite: number };
  /** Seconds from every process started until each Nines had data for every SLO (undefined: not within the limit). */
  readySeconds: { polled?: number; remoteWrite?: number };
  /** Rules loaded in the rules Prometheus and the sum of their groups' last evaluation times. */
  rules: { count: number; lastEvaluationSeconds: number; errors: number };
}

/**
 * Derived costs: what keeping the alerts current costs each way, in CPU-seconds per second, and the floor
 * of the remote-write way: what remote_write costs Prometheus with a receiver that does nothing.
 */
export function steadyCosts(f: SteadyFigures) {
  const rules = f.cpu.promRules - f.cpu.promScrape;
  const polled = f.cpu.ninesPolled + (f.cpu.promPolled - f.cpu.promScrape);
  const remoteWrite = f.cpu.ninesRw + (f.cpu.promRw - f.cpu.promScrape);
  const remoteWriteFloor = f.cpu.promRwSink - f.cpu.promScrape;
  return {
    rules,
    polled,
    remoteWrite,
    remoteWriteFloor,
    polledRatio: polled / rules,
    remoteWriteRatio: remoteWrite / rules,
    remoteWriteFloorRatio: remoteWriteFloor / rules,
  };
}

/** A remote-write receiver that reads each request and answers 204: no decoding, no storage. */
async function startSink(): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/write`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  fleet?: RunningFleet;
  proms: Partial<Record<Role, PeerProcess>>;
  nines: Partial<Record<'polled' | 'rw', BenchNines>>;
  sink?: Awaited<ReturnType<typeof startSink>>;
  historyBlocks?: string;
}

async function stopAll(running: Running): Promise<void> {
  const all = [...Object.values(running.nines), ...Object.values(running.proms)];
  await Promise.allSettled(all.map((one) => one?.stop()));
  await running.sink?.stop();
  await running.fleet?.stop();
  if (running.historyBlocks) rmSync(join(running.historyBlocks, '..'), { recursive: true, force: true });
}

/** Starts the fleet, the four Prometheus servers and both Nines; each is stopped by `stopAll`. */
async function startPipelines(options: SteadyOptions, running: Running): Promise<string[]> {
  const now = Date.now();
  const spec: FleetSpec = {
    epochMs: Math.floor((now - options.historyMs) / 15_000) * 15_000,
    groups: [{ prefix: 'svc-', count: options.slos, ...FLEET_TRAFFIC }],
  };
  const services = fleetServices(spec);
  running.fleet = await startFleet(spec);
  const scrapeTarget = running.fleet.target;
  if (options.historyMs > 0) {
    const started = performance.now();
    running.historyBlocks = await writeFleetHistory(spec, scrapeTarget, Date.now());
    options.log(
      `  history: ${(options.historyMs / 3_600_000).toFixed(2)} h written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const historyBlocks = running.historyBlocks;
  const polledPort = await freePort();
  const rwPort = await freePort();
  const polledConfig = steadyConfig(services, `http://127.0.0.1:${polledPort}`, false);
  running.nines.rw = await startBenchNines(steadyConfig(services, `http://127.0.0.1:${rwPort}`, true));
  const rules = await exportedRules(polledConfig);
  const rw = running.nines.rw;
  running.sink = await startSink();
  const [promScrape, promRules, promPolled, promRw, promRwSink] = await Promise.all([
    startPeerPrometheus({ scrapeTarget, historyBlocks }),
    startPeerPrometheus({ scrapeTarget, historyBlocks, rules }),
    startPeerPrometheus({ scrapeTarget, historyBlocks, port: polledPort }),
    startPeerPrometheus({
      scrapeTarget,
      historyBlocks,
      port: rwPort,
      remoteWrite: { url: `${rw.url}/api/v1/write`, bearerToken: rw.token },
    }),
    startPeerPrometheus({
      scrapeTarget,
      historyBlocks,
      remoteWrite: { url: running.sink.url, bearerToken: 'unused' },
    }),
  ]);
  Object.assign(running.proms, { promScrape, promRules, promPolled, promRw, promRwSink });
  running.nines.polled = await startBenchNines(polledConfig);
  return services;
}

/**
 * Waits until both Nines have data for every SLO, or until the limit (counted from now: every process has
 * started); returns how far each got and when.
 */
async function untilSteady(options: SteadyOptions, running: Running) {
  const startedMs = Date.now();
  const readySeconds: SteadyFigures['readySeconds'] = {};
  const ready = { polled: 0, remoteWrite: 0 };
  const deadline = startedMs + options.readyLimitMs;
  for (;;) {
    const polled = await slosWithData(running.nines.polled as BenchNines);
    const rw = await slosWithData(running.nines.rw as BenchNines);
    ready.polled = polled?.withData ?? ready.polled;
    ready.remoteWrite = rw?.withData ?? ready.remoteWrite;
    const seconds = (Date.now() - startedMs) / 1000;
    if (readySeconds.polled === undefined && ready.polled === options.slos) readySeconds.polled = seconds;
    if (readySeconds.remoteWrite === undefined && ready.remoteWrite === options.slos)
      readySeconds.remoteWrite = seconds;
    const done = readySeconds.polled !== undefined && readySeconds.remoteWrite !== undefined;
    if (done || Date.now() >= deadline) return { ready, readySeconds };
    await pause(2_000);
  }
}

interface RuleGroupsAnswer {
  data: { groups: { evaluationTime: number; lastEvaluation: string; rules: { health: string }[] }[] };
}

async function ruleFigures(prometheus: PeerProcess): Promise<SteadyFigures['rules']> {
  const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as RuleGroupsAnswer;
  const rules = body.data.groups.flatMap((group) => group.rules);
  return {
    count: rules.length,
    // A group not evaluated yet reports its zero time ("0001-01-01…") and a meaningless duration.
    lastEvaluationSeconds: body.data.groups
      .filter((group) => !group.lastEvaluation.startsWith('0001-'))
      .reduce((sum, group) => sum + group.evaluationTime, 0),
    errors: rules.filter((rule) => rule.health === 'err').length,
  };
}

/** CPU per second of wall time and the largest RSS of each process over `windowMs`, RSS read every 5 s. */
async function measureWindow(pids: Record<Role, number>, windowMs: number) {
  const before = Object.fromEntries(roles.map((role) => [role, cpuSeconds(pids[role])])) as Record<
    Role,
    number
  >;
  const peak = Object.fromEntries(roles.map((role) => [role, 0])) as Record<Role, number>;
  const started = performance.now();
  for (;;) {
    for (const role of roles) peak[role] = Math.max(peak[role], rssBytes(pids[role]));
    const left = windowMs - (performance.now() - started);
    if (left <= 0) break;
    await pause(Math.min(5_000, left));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = Object.fromEntries(
    roles.map((role) => [role, (cpuSeconds(pids[role]) - before[role]) / seconds]),
  ) as Record<Role, number>;
  return { cpu, rssBytes: peak };
}

export async function benchSteady(options: SteadyOptions): Promise<SteadyFigures> {
  const running: Running = { proms: {}, nines: {} };
  try {
    const startedMs = Date.now();
    await startPipelines(options, running);
    options.log(
      `  all started in ${((Date.now() - startedMs) / 1000).toFixed(1)} s; waiting for both Nines to have data for every SLO`,
    );
    const steady = await untilSteady(options, running);
    options.log(
      `  data: polled ${steady.ready.polled}/${options.slos} (${steady.readySeconds.polled?.toFixed(0) ?? '—'} s), ` +
        `remote-write ${steady.ready.remoteWrite}/${options.slos} (${steady.readySeconds.remoteWrite?.toFixed(0) ?? '—'} s)`,
    );
    await pause(options.warmupMs);
    const pids = {
      ...Object.fromEntries(Object.entries(running.proms).map(([role, p]) => [role, p.pid])),
      ninesPolled: running.nines.polled?.pid,
      ninesRw: running.nines.rw?.pid,
    } as Record<Role, number>;
    const window = await measureWindow(pids, options.windowMs);
    const rules = await ruleFigures(running.proms.promRules as PeerProcess);
    return {
      slos: options.slos,
      historyMs: options.historyMs,
      windowMs: options.windowMs,
      ...window,
      ready: steady.ready,
      readySeconds: steady.readySeconds,
      rules,
    };
  } finally {
    await stopAll(running);
  }
}
