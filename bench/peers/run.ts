import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chooseRuntime } from '../../scripts/dist-stamp.js';
import { mean, spread } from '../stats.ts';
import { type AlertIntakeFigures, benchAlertIntake } from './alert-intake.ts';
import { benchOutage, type OutageFigures } from './outage.ts';
import { benchRemoteWrite, REMOTE_WRITE_SETUP, type RemoteWritePeerFigures } from './remote-write.ts';
import { outageRows, outageSection, steadyLine, steadyRows, steadySection } from './rows.ts';
import { benchStatusPeers, type StatusPeerFigures, WRK_ARGS, WRK_HEADERS } from './status-page.ts';
import { benchSteady, type SteadyFigures } from './steady.ts';
import { ensureDebianTools, machineInfo } from './tools.ts';

// `npm run bench:peers`: Nines side by side with the tool a user would otherwise run, on this machine, in
// one run; writes docs/performance.md after a full run. The public status page against nginx, steady CPU
// and RSS against Prometheus evaluating the exported rules, outage → first page against Prometheus +
// rules + Alertmanager, alert intake against Alertmanager, remote-write receive against Prometheus' own
// receiver. NINES_BENCH_QUICK=1 shortens everything (development; the document is left as is),
// NINES_BENCH_ONLY=status,steady,outage,intake,remote-write picks comparisons, NINES_BENCH_STEADY_SLOS=200,1000
// the N. Nines runs its compiled build: a missing or stale one is built first (`npm run build`).

const root = fileURLToPath(new URL('../..', import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

function statusRows(f: StatusPeerFigures): { rows: string[]; ratio: number } {
  const ninesRps = f.nines.map((r) => r.requestsPerSecond);
  const nginxRps = f.nginx.map((r) => r.requestsPerSecond);
  const ratio = mean(ninesRps) / mean(nginxRps);
  const p99 = (rs: typeof f.nines) =>
    `${spread(
      rs.map((r) => r.p99Ms),
      2,
    )} ms`;
  return {
    ratio,
    rows: [
      `| public status page \`/status\`, ${(f.bytes.identity / 1024).toFixed(0)} KB page sent as ${f.bytes.coded} B ${f.bytes.coding} | ` +
        `nginx, one worker, same bytes: ${spread(nginxRps, 0)} req/s, p99 ${p99(f.nginx)} | ` +
        `${spread(ninesRps, 0)} req/s, p99 ${p99(f.nines)} | ${ratio.toFixed(2)} (target ≥ 0.33, p99 ≤ 10 ms) |`,
    ],
  };
}

const quick = process.env.NINES_BENCH_QUICK === '1';
const only = new Set((process.env.NINES_BENCH_ONLY ?? 'status,steady,outage,intake,remote-write').split(','));
const steadySlos = (process.env.NINES_BENCH_STEADY_SLOS ?? (quick ? '50' : '200,1000,10000'))
  .split(',')
  .map(Number);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** History written into Prometheus for N SLOs: as much as fits the bench's 20 minutes (see steady.ts). */
function steadyHistoryMs(slos: number): number {
  if (process.env.NINES_BENCH_HISTORY_HOURS) return Number(process.env.NINES_BENCH_HISTORY_HOURS) * HOUR;
  if (quick) return 15 * MINUTE;
  return slos <= 200 ? 72 * HOUR : slos <= 1000 ? 24 * HOUR : 3 * HOUR;
}

async function runSteady(): Promise<SteadyFigures[]> {
  const all: SteadyFigures[] = [];
  for (const slos of steadySlos) {
    log(`steady: ${slos} SLOs`);
    const figures = await benchSteady({
      slos,
      historyMs: steadyHistoryMs(slos),
      // A minute and more after a backfill its garbage is still being collected (0.022-0.027 CPU-s/s at
      // 1,000 SLOs 30 s after, 0.013-0.014 after 100 s, measured alone): steady means past that.
      warmupMs: quick ? 5_000 : 60_000,
      windowMs: quick ? 20_000 : 60_000,
      readyLimitMs: quick ? 120_000 : 150_000,
      log,
    });
    log(steadyLine(figures));
    all.push(figures);
  }
  return all;
}

async function runOutage(): Promise<OutageFigures> {
  log('outage → first page');
  return benchOutage({
    rounds: quick ? 1 : 3,
    historyMs: quick ? 15 * MINUTE : HOUR,
    warmupMs: quick ? 20_000 : 30_000,
    roundLimitMs: 3 * MINUTE,
    log,
  });
}

async function main(): Promise<void> {
  ensureDebianTools({
    nginx: 'nginx-light',
    wrk: 'wrk',
    prometheus: 'prometheus',
    'prometheus-alertmanager': 'prometheus-alertmanager',
  });
  const machine = machineInfo();
  if (chooseRuntime(root, undefined).runtime !== 'dist') {
    log('building the compiled server (npm run build): the bench measures what `nines serve` runs');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const runtime = chooseRuntime(root, process.env.NINES_RUNTIME).runtime;
  log(
    `machine: ${machine.nproc} CPUs, ${machine.model}, ${machine.memoryGiB.toFixed(1)} GiB; nines runs ${runtime}`,
  );
  const started = new Date();
  const status = only.has('status') ? await benchStatusPeers(log) : undefined;
  const statusFigures = status && statusRows(status);
  if (statusFigures) log(`status page: nines/nginx = ${statusFigures.ratio.toFixed(2)}`);
  const steady = only.has('steady') ? await runSteady() : [];
  const outage = only.has('outage') ? await runOutage() : undefined;
  const intake: (AlertIntakeFigures & { rows: string[] }) | undefined = only.has('intake')
    ? await benchAlertIntake(log)
    : undefined;
  const remoteWrite: RemoteWritePeerFigures | undefined = only.has('remote-write')
    ? await benchRemoteWrite(log)
    : undefined;
  const minutes = (Date.now() - started.getTime()) / MINUTE;
  log(`wall time: ${minutes.toFixed(1)} min`);
  if (quick || !status || steady.length === 0 || !outage || !intake || !remoteWrite) {
    log('docs/performance.md left as is: a quick or partial run');
    return;
  }
  const rows = [
    ...statusRows(status).rows,
    ...steady.flatMap(steadyRows),
    ...outageRows(outage),
    ...intake.rows,
    ...remoteWrite.rows,
  ];
  const wrk = `wrk ${WRK_ARGS.join(' ')} --latency ${WRK_HEADERS.map((h) => `-H '${h}'`).join(' ')} URL`;
  const doc = `# Performance against peers

Written by \`npm run bench:peers\` (bench/peers/): Nines and the tool a user would otherwise run, on the
same machine, the same data and in one run. The status page runs alternate (Nines, peer, Nines, peer;
ranges are the two runs, the ratio is Nines' mean over the peer's); the steady and outage comparisons run
every pipeline at the same time on the same fleet (sections below). Everything listens on 127.0.0.1. Latency
percentiles move with whatever else the machine runs: read them against the peer's in the same run.

## Last run

- Date: ${started.toISOString()}
- Machine: \`nproc\` ${machine.nproc}, ${machine.model}, ${machine.memoryGiB.toFixed(1)} GiB memory
- Nines: \`nines serve\` (${runtime === 'dist' ? 'compiled build' : 'TypeScript through tsx: no fresh `npm run build`'}), embedded database
- Wall time of the whole run: ${minutes.toFixed(1)} min
- Status page load: \`${wrk}\` against each, one after the other (load generator, server and peer share the CPUs)
- Steady and outage: every pipeline at the same time on the same fleet (sections below)

| figure (same run, same data) | peer | Nines | Nines / peer |
| --- | --- | --- | --- |
${rows.join('\n')}

## Status page setup

The bench's status page (bench/status-page.bench.ts): 10 components, one SLO each, 90 days of minute
buckets (1.3M rows) on the embedded database. The bench fetches \`/status\` from Nines as uncompressed,
gzip and brotli bytes, writes them into nginx's root, and checks nginx answers \`Accept-Encoding: gzip, br\`
with exactly the brotli bytes Nines sends. nginx: one worker, no access log, the file picked by a map on
\`Accept-Encoding\`. Nines prepares the three codings once per change of the page (the snapshot is rebuilt
at most every 10 s and re-compressed only when it renders different bytes), so a request picks bytes
and headers. Before this change \`/status\` served 3.1–3.4k req/s (p99 55–129 ms) against nginx's 29–31k
(uncompressed page, issue 14).

${steadySection(steady)}
${outageSection(outage)}
${INTAKE_SETUP}
${REMOTE_WRITE_SETUP}`;
  writeFileSync(`${root}docs/performance.md`, doc);
  log('wrote docs/performance.md');
}

const INTAKE_SETUP = `## Alert intake setup

bench/peers/alert-intake.ts: a separate load process (bench/peers/alert-intake-load.mjs) sends 500 alerts a
request, 4 requests in flight; each request is one alert group, as Alertmanager's webhook sends them, and
half of its alerts repeat earlier alerts of that group. Alertmanager gets the same alerts in its v2 API
shape (\`POST /api/v2/alerts\`, in memory); Nines gets them as Alertmanager's webhook payload
(\`POST /api/v1/integrations/alertmanager\`), answered only after the commit, on the embedded database and
on PostgreSQL (127.0.0.1:5432). Each engine's pass starts a fresh Nines and a fresh Alertmanager, warms both
up, then alternates Nines, Alertmanager; its ratio is against the Alertmanager runs of its own pass. Each
row also gives the CPU each server spent per alert (user + system, from /proc) and, on PostgreSQL, the CPU
of the Nines server's connections (their backend processes, found in \`pg_stat_activity\`): the load
generator and both servers share this machine's cores.
`;

await main();
