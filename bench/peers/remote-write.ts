import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createToken, waitFor, writeConfig } from '../../src/testing/nines-process.ts';
import { freePort, PROMETHEUS_BIN } from '../../src/testing/prometheus.ts';
import { mean, spread } from '../stats.ts';
import { fleetConfig, SLO_COUNT } from './remote-write-fleet.ts';
import type { LoadCommand, LoadOptions, LoadResult } from './remote-write-load.ts';
import { cpuSeconds, rssBytes } from './tools.ts';

// Remote-write receive against Prometheus' own receiver (`--web.enable-remote-write-receiver`): the same
// pre-compressed WriteRequests, from one load process, to each in turn (Nines, Prometheus, Nines, …).
// Nines runs `nines serve` on the embedded database in a data directory (durable: each answer follows an
// fsynced commit), with SLO_COUNT SLOs of a `remoteWrite: true` data source.

const RUNS = 2;
const LOAD: Omit<LoadOptions, 'firstTimestampMs'> = {
  shards: 8,
  seriesPerRequest: 4000,
  roundsPerRun: 30,
  // One more than measured: the first run of each receiver creates its series (steady state is measured).
  runs: RUNS + 1,
  inFlight: 4,
};

export interface RemoteWriteRun {
  samplesPerSecond: number;
  /** The receiving process' user + system CPU over the run. */
  cpuSeconds: number;
  /** The load process' CPU over the run (it shares the machine's cores with the receiver). */
  loadCpuSeconds: number;
  samplesPerCpuSecond: number;
  rssBytes: number;
}

export interface RemoteWritePeerFigures {
  nines: RemoteWriteRun[];
  prometheus: RemoteWriteRun[];
  samplesPerRun: number;
  seriesPerRequest: number;
  fleetSeries: number;
  bodyBytes: number;
  ratio: number;
  rows: string[];
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Prometheus with nothing to scrape, receiving remote-write into its own TSDB in `dir`. */
async function startPrometheusReceiver(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global: { scrape_interval: 15s }\n');
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    },
    30_000,
    'prometheus ready',
  );
  return { url, child };
}

const bin = join(import.meta.dirname, '../../bin/nines.js');

/** `nines serve` as in production; NINES_BENCH_CPU_PROF=DIR profiles the whole process (written at stop). */
async function startNinesServe(
  configDir: string,
  dataDir: string,
): Promise<{ url: string; child: ChildProcess }> {
  const profile = process.env.NINES_BENCH_CPU_PROF;
  const port = await freePort();
  const args = [
    'serve',
    '--config',
    configDir,
    '--data-dir',
    dataDir,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ];
  const child = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), bin, ...args],
    {
      env: { ...process.env, NINES_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nines exited with ${child.exitCode}`);
      return (await fetch(`${url}/readyz`)).ok ? true : undefined;
    },
    60_000,
    'nines ready',
  );
  return { url, child };
}

/** The load process: builds the bodies, then answers one JSON line per command. */
class LoadProcess {
  private readonly lines: AsyncIterator<string>;
  private constructor(readonly child: ChildProcess) {
    this.lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  }
  static async start(options: LoadOptions): Promise<{ load: LoadProcess; bodies: number; bytes: number }> {
    const script = join(import.meta.dirname, 'remote-write-load.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const load = new LoadProcess(child);
    const ready = JSON.parse(await load.nextLine()) as { bodies: number; bytes: number };
    return { load, bodies: ready.bodies, bytes: ready.bytes };
  }
  async nextLine(): Promise<string> {
    const next = await this.lines.next();
    if (next.done) throw new Error('the load process ended early');
    return next.value;
  }
  async run(command: LoadCommand): Promise<LoadResult> {
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
    return JSON.parse(await this.nextLine()) as LoadResult;
  }
}

async function measuredRun(load: LoadProcess, pid: number, command: LoadCommand): Promise<RemoteWriteRun> {
  const cpuBefore = cpuSeconds(pid);
  const loadBefore = cpuSeconds(load.child.pid as number);
  const result = await load.run(command);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const loadCpuSeconds = cpuSeconds(load.child.pid as number) - loadBefore;
  if (result.failed > 0) throw new Error(`${result.failed} requests failed: ${result.firstFailure}`);
  return {
    samplesPerSecond: result.samples / (result.elapsedMs / 1000),
    cpuSeconds: cpu,
    loadCpuSeconds,
    samplesPerCpuSecond: result.samples / cpu,
    rssBytes: rssBytes(pid),
  };
}

const range = (values: number[]) => spread(values, 0);
const thousands = (values: number[]) => range(values.map((v) => v / 1000));

function rowsOf(f: Omit<RemoteWritePeerFigures, 'rows' | 'ratio'>, ratio: number): string[] {
  const rate = (runs: RemoteWriteRun[]) =>
    `${thousands(runs.map((r) => r.samplesPerSecond))}k samples/s (${thousands(runs.map((r) => r.samplesPerCpuSecond))}k per CPU-s, RSS ${range(runs.map((r) => r.rssBytes / 2 ** 20))} MB)`;
  return [
    `| remote-write receive, ${f.seriesPerRequest.toLocaleString('en')} series a request (fleet of ${f.fleetSeries.toLocaleString('en')}, ${SLO_COUNT.toLocaleString('en')} SLOs), 4 in flight | ` +
      `Prometheus \`--web.enable-remote-write-receiver\`: ${rate(f.prometheus)} | ` +
      `durable, embedded database: ${rate(f.nines)} | ${ratio.toFixed(2)} (target ≥ 0.5) |`,
  ];
}

/** The setup, for docs/performance.md under the table. */
export const REMOTE_WRITE_SETUP = `## Remote-write setup

bench/peers/remote-write.ts: one load process (bench/peers/remote-write-load.ts) builds every WriteRequest
once, snappy-compressed as Prometheus sends them: a fleet of ${(LOAD.shards * LOAD.seriesPerRequest).toLocaleString('en')} series
(node, Go runtime and latency-histogram series, and request counters of 1,200 services) in requests of
${LOAD.seriesPerRequest.toLocaleString('en')} series, one sample each, timestamps rising per round. About one series in eight is a request counter
of a service with an SLO (${SLO_COUNT.toLocaleString('en')} SLOs, one in ten \`sum by (route)\`). It POSTs them with ${LOAD.inFlight} in flight, a
series' next sample only after its previous one was answered, to Prometheus 2.x
(\`--web.enable-remote-write-receiver\`, its own TSDB in a temporary directory) and to \`nines serve\` on the
embedded database in a data directory (each answer follows an fsynced commit). A warm-up run of each comes
first (Prometheus creates its series there), then the measured runs alternate. CPU is the receiving
process' user + system time from /proc/PID/stat.
`;

/** Runs the comparison; `rows` are ready for docs/performance.md's table (figure | peer | Nines | ratio). */
export async function benchRemoteWrite(log: (line: string) => void): Promise<RemoteWritePeerFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'nines-peer-rw-'));
  let prometheus: { url: string; child: ChildProcess } | undefined;
  let nines: { url: string; child: ChildProcess } | undefined;
  let load: LoadProcess | undefined;
  try {
    prometheus = await startPrometheusReceiver(dir);
    const configDir = writeConfig(fleetConfig(prometheus.url));
    const dataDir = join(dir, 'nines-data');
    const token = await createToken(['--scopes', 'write', '--data-dir', dataDir]);
    nines = await startNinesServe(configDir, dataDir);
    const fed = (await (
      await fetch(`${nines.url}/api/v1/write/status`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { fed: string[] };
    if (fed.fed.length !== SLO_COUNT) throw new Error(`nines feeds ${fed.fed.length} SLOs, not ${SLO_COUNT}`);
    log(`building ${LOAD.roundsPerRun * LOAD.shards * LOAD.runs} WriteRequests in the load process`);
    const started = await LoadProcess.start({ ...LOAD, firstTimestampMs: Date.now() - 60_000 });
    load = started.load;
    const samplesPerRun = LOAD.roundsPerRun * LOAD.shards * LOAD.seriesPerRequest;
    log(
      `${started.bodies} bodies, ${(started.bytes / started.bodies / 1024).toFixed(0)} KiB each compressed`,
    );
    const runs = { nines: [] as RemoteWriteRun[], prometheus: [] as RemoteWriteRun[] };
    const targets = {
      nines: { url: `${nines.url}/api/v1/write`, pid: nines.child.pid as number },
      prometheus: { url: `${prometheus.url}/api/v1/write`, pid: prometheus.child.pid as number },
    };
    for (let run = 0; run <= RUNS; run++) {
      for (const name of ['nines', 'prometheus'] as const) {
        const figures = await measuredRun(load, targets[name].pid, { url: targets[name].url, token, run });
        if (run > 0) runs[name].push(figures);
        log(
          `${run === 0 ? 'warm-up' : `run ${run}`} ${name}: ${figures.samplesPerSecond.toFixed(0)} samples/s, ` +
            `${figures.cpuSeconds.toFixed(2)} CPU-s (load ${figures.loadCpuSeconds.toFixed(2)}), ` +
            `RSS ${(figures.rssBytes / 2 ** 20).toFixed(0)} MB`,
        );
      }
    }
    const ratio =
      mean(runs.nines.map((r) => r.samplesPerSecond)) / mean(runs.prometheus.map((r) => r.samplesPerSecond));
    const base = {
      ...runs,
      samplesPerRun,
      seriesPerRequest: LOAD.seriesPerRequest,
      fleetSeries: LOAD.shards * LOAD.seriesPerRequest,
      bodyBytes: started.bytes / started.bodies,
    };
    return { ...base, ratio, rows: rowsOf(base, ratio) };
  } finally {
    if (load) await stopChild(load.child);
    if (nines) await stopChild(nines.child);
    if (prometheus) await stopChild(prometheus.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const figures = await benchRemoteWrite(log);
  log(`nines/prometheus = ${figures.ratio.toFixed(2)}`);
  for (const row of figures.rows) log(row);
}
