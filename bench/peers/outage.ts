import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../src/testing/prometheus.ts';
import { type FleetSpec, fleetServices, type RunningFleet, startFleet } from './fleet.ts';
import { catalogYaml, dataSourceYaml, fleetSloYaml, pagingYaml, pushedSloYaml } from './fleet-config.ts';
import { type BenchNines, exportedRules, slosWithData, startBenchNines } from './nines.ts';
import {
  type PeerProcess,
  startPeerAlertmanager,
  startPeerPrometheus,
  writeFleetHistory,
} from './prometheus.ts';

// Outage → first page: one service at 100 req/s goes from healthy to every request a 500 at a known
// instant, and four pipelines watch it at the same time, each ending at a webhook receiver run here:
// Prometheus (15 s scrape, 30 s evaluation) + the exported rules + Alertmanager (default timings); Nines
// polling that Prometheus; Nines fed by its remote_write; Nines fed by pushes. One Nines holds the three
// Nines pipelines as three SLOs (one page each). Each round takes a fresh service, so nothing left open by
// a round (a page, an Alertmanager group) delays another.

export const pipelines = ['prometheus', 'polled', 'remoteWrite', 'push'] as const;
export type Pipeline = (typeof pipelines)[number];

const REQUESTS_PER_SECOND = 100;
/** How often the push client sends what it counted: a sidecar flushing every few seconds. */
export const PUSH_INTERVAL_MS = 5_000;
/**
 * Outages start this far apart, each on its own service, so they fall at different phases of the 15 s
 * scrape, the 30 s evaluation and the 10 s ticks, and overlap in time so several fit the bench's budget.
 */
export const ROUND_OFFSET_MS = 37_000;

export interface OutageOptions {
  rounds: number;
  historyMs: number;
  /** After every SLO has data, before the first outage. */
  warmupMs: number;
  /** Longest wait for every pipeline's first page in one round. */
  roundLimitMs: number;
  log: (line: string) => void;
}

export interface OutageRound {
  /** Seconds from the outage's start to the first page at the receiver; undefined: none within the limit. */
  seconds: Partial<Record<Pipeline, number>>;
}

export interface OutageFigures {
  historyMs: number;
  rounds: OutageRound[];
}

const sloOf = (round: number, pipeline: Exclude<Pipeline, 'prometheus'>) =>
  `out-${round}-${pipeline === 'remoteWrite' ? 'rw' : pipeline}`;

/** Records the first page of each (round, pipeline) as it arrives: Alertmanager on /am, Nines on /nines. */
class PageReceiver {
  readonly arrivals = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(rounds: number): Promise<void> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        this.record(request.url ?? '', raw, rounds, Date.now());
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private record(path: string, raw: string, rounds: number, atMs: number): void {
    for (let round = 0; round < rounds; round++) {
      if (path === '/am') {
        const body = JSON.parse(raw) as { alerts: { status: string; labels: Record<string, string> }[] };
        const paged = body.alerts.some(
          (alert) =>
            alert.status === 'firing' &&
            alert.labels.severity === 'page' &&
            alert.labels.slo === sloOf(round, 'polled'),
        );
        if (paged) this.first(round, 'prometheus', atMs);
      } else {
        for (const pipeline of ['polled', 'remoteWrite', 'push'] as const) {
          if (raw.includes(`"${sloOf(round, pipeline)}`) || raw.includes(`/${sloOf(round, pipeline)}`)) {
            this.first(round, pipeline, atMs);
          }
        }
      }
    }
  }

  private first(round: number, pipeline: Pipeline, atMs: number): void {
    const key = `${round}:${pipeline}`;
    if (!this.arrivals.has(key)) this.arrivals.set(key, atMs);
  }

  arrival(round: number, pipeline: Pipeline): number | undefined {
    return this.arrivals.get(`${round}:${pipeline}`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Pushes each round's counted requests every PUSH_INTERVAL_MS: all good, or all bad from the outage on. */
class PushClient {
  private timer?: NodeJS.Timeout;
  private lastMs = Date.now();
  private batch = 0;
  readonly outageSince = new Map<number, number>();
  failures = 0;

  constructor(
    private readonly nines: BenchNines,
    private readonly rounds: number,
  ) {}

  /** One healthy event per minute of history, then the periodic pushes. */
  async start(historyMs: number): Promise<void> {
    const now = Date.now();
    const events = [];
    for (let round = 0; round < this.rounds; round++) {
      for (let t = now - historyMs; t < now; t += 60_000) {
        const total = REQUESTS_PER_SECOND * 60;
        events.push({ slo: sloOf(round, 'push'), time: t, good: total, total });
      }
    }
    if (events.length > 0) await this.post(events);
    this.lastMs = now;
    this.timer = setInterval(() => void this.tick(), PUSH_INTERVAL_MS);
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    const events = [];
    for (let round = 0; round < this.rounds; round++) {
      const since = this.outageSince.get(round) ?? Number.POSITIVE_INFINITY;
      const healthyMs = Math.max(0, Math.min(now, since) - this.lastMs);
      const total = Math.round(((now - this.lastMs) / 1000) * REQUESTS_PER_SECOND);
      const good = Math.round((healthyMs / 1000) * REQUESTS_PER_SECOND);
      events.push({ slo: sloOf(round, 'push'), time: now, good: Math.min(good, total), total });
    }
    this.lastMs = now;
    await this.post(events);
  }

  private async post(events: object[]): Promise<void> {
    const response = await fetch(`${this.nines.url}/api/v1/sli-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.nines.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: `bench-${process.pid}-${this.batch++}`, events }),
    }).catch(() => undefined);
    await response?.arrayBuffer();
    if (response?.status !== 202) this.failures++;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface Running {
  fleet?: RunningFleet;
  historyBlocks?: string;
  receiver: PageReceiver;
  alertmanager?: PeerProcess;
  prometheus?: PeerProcess;
  nines?: BenchNines;
  pusher?: PushClient;
}

function ninesFiles(options: {
  services: string[];
  prometheusUrl: string;
  receiverUrl: string;
  rounds: number;
}) {
  const slos = [];
  for (let round = 0; round < options.rounds; round++) {
    const service = `out-${round}`;
    slos.push(fleetSloYaml({ name: sloOf(round, 'polled'), service, source: 'polled' }));
    slos.push(fleetSloYaml({ name: sloOf(round, 'remoteWrite'), service, source: 'rw' }));
    slos.push(pushedSloYaml(sloOf(round, 'push'), service));
  }
  return {
    'catalog.yaml': catalogYaml(options.services, 'default'),
    'paging.yaml': pagingYaml(`${options.receiverUrl}/nines`),
    'sources.yaml': [
      dataSourceYaml('polled', options.prometheusUrl, false),
      dataSourceYaml('rw', options.prometheusUrl, true),
    ].join('\n---\n'),
    'slos.yaml': slos.join('\n---\n'),
  };
}

/** The rules a Prometheus user would run for the same SLO: exported from its polled twin alone. */
function rulesFiles(services: string[], prometheusUrl: string, rounds: number) {
  return {
    'catalog.yaml': catalogYaml(services),
    'sources.yaml': dataSourceYaml('polled', prometheusUrl, false),
    'slos.yaml': Array.from({ length: rounds }, (_, round) =>
      fleetSloYaml({ name: sloOf(round, 'polled'), service: `out-${round}`, source: 'polled' }),
    ).join('\n---\n'),
  };
}

async function startPipelines(options: OutageOptions, running: Running): Promise<void> {
  const now = Date.now();
  const spec: FleetSpec = {
    epochMs: Math.floor((now - options.historyMs) / 15_000) * 15_000,
    groups: [
      { prefix: 'out-', count: options.rounds, requestsPerSecond: REQUESTS_PER_SECOND, errorRatio: 0 },
    ],
  };
  const services = fleetServices(spec);
  running.fleet = await startFleet(spec);
  if (options.historyMs > 0)
    running.historyBlocks = await writeFleetHistory(spec, running.fleet.target, Date.now());
  await running.receiver.start(options.rounds);
  running.alertmanager = await startPeerAlertmanager({ webhookUrl: `${running.receiver.url}/am` });
  const port = await freePort();
  const prometheusUrl = `http://127.0.0.1:${port}`;
  const rules = await exportedRules(rulesFiles(services, prometheusUrl, options.rounds));
  running.nines = await startBenchNines(
    ninesFiles({ services, prometheusUrl, receiverUrl: running.receiver.url, rounds: options.rounds }),
  );
  running.prometheus = await startPeerPrometheus({
    scrapeTarget: running.fleet.target,
    historyBlocks: running.historyBlocks,
    port,
    rules,
    remoteWrite: { url: `${running.nines.url}/api/v1/write`, bearerToken: running.nines.token },
    alertmanagerUrl: running.alertmanager.url,
  });
  running.pusher = new PushClient(running.nines, options.rounds);
  await running.pusher.start(options.historyMs);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilEverySloHasData(nines: BenchNines, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const { withData, all } = (await slosWithData(nines)) ?? { withData: 0, all: -1 };
    if (withData === all) return;
    if (Date.now() > deadline)
      throw new Error(`only ${withData} of ${all} SLOs had data after ${limitMs} ms`);
    await pause(1_000);
  }
}

async function runRound(options: OutageOptions, running: Running, round: number): Promise<OutageRound> {
  const fleet = running.fleet as RunningFleet;
  const atMs = await fleet.setOutage(`out-${round}`, true);
  running.pusher?.outageSince.set(round, atMs);
  const deadline = atMs + options.roundLimitMs;
  while (Date.now() < deadline && pipelines.some((p) => running.receiver.arrival(round, p) === undefined)) {
    await pause(250);
  }
  const seconds: OutageRound['seconds'] = {};
  for (const pipeline of pipelines) {
    const arrived = running.receiver.arrival(round, pipeline);
    if (arrived !== undefined) seconds[pipeline] = (arrived - atMs) / 1000;
  }
  await fleet.setOutage(`out-${round}`, false);
  running.pusher?.outageSince.set(round, Number.POSITIVE_INFINITY);
  return { seconds };
}

export async function benchOutage(options: OutageOptions): Promise<OutageFigures> {
  const running: Running = { receiver: new PageReceiver() };
  try {
    await startPipelines(options, running);
    await untilEverySloHasData(running.nines as BenchNines, 180_000);
    options.log(
      `  every SLO has data; ${options.warmupMs / 1000} s of healthy traffic before the first outage`,
    );
    await pause(options.warmupMs);
    const rounds = await Promise.all(
      Array.from({ length: options.rounds }, async (_, round) => {
        await pause(round * ROUND_OFFSET_MS);
        const result = await runRound(options, running, round);
        const line = pipelines.map((p) => `${p} ${result.seconds[p]?.toFixed(1) ?? 'none'} s`).join(', ');
        options.log(`  outage ${round + 1}: first page after ${line}`);
        return result;
      }),
    );
    if (running.pusher && running.pusher.failures > 0)
      throw new Error(`${running.pusher.failures} pushes failed`);
    return { historyMs: options.historyMs, rounds };
  } finally {
    running.pusher?.stop();
    await Promise.allSettled([
      running.prometheus?.stop(),
      running.alertmanager?.stop(),
      running.nines?.stop(),
    ]);
    await running.receiver.stop();
    await running.fleet?.stop();
    if (running.historyBlocks) rmSync(join(running.historyBlocks, '..'), { recursive: true, force: true });
  }
}
