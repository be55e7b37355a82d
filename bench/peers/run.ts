import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chooseRuntime } from '../../scripts/dist-stamp.js';
import { benchStatusPeers, type StatusPeerFigures, WRK_ARGS, WRK_HEADERS } from './status-page.ts';
import { ensureDebianTools, machineInfo } from './tools.ts';

// `npm run bench:peers`: Nines side by side with the tool a user would otherwise run, on this machine, in
// one run, alternating; writes docs/performance.md. For now the public status page against nginx.

const root = fileURLToPath(new URL('../..', import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

const range = (values: number[], digits: number) => {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
};
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

function statusRows(f: StatusPeerFigures): { rows: string[]; ratio: number } {
  const ninesRps = f.nines.map((r) => r.requestsPerSecond);
  const nginxRps = f.nginx.map((r) => r.requestsPerSecond);
  const ratio = mean(ninesRps) / mean(nginxRps);
  const p99 = (rs: typeof f.nines) =>
    `${range(
      rs.map((r) => r.p99Ms),
      2,
    )} ms`;
  return {
    ratio,
    rows: [
      `| public status page \`/status\`, ${(f.bytes.identity / 1024).toFixed(0)} KB page sent as ${f.bytes.coded} B ${f.bytes.coding} | ` +
        `nginx, one worker, same bytes: ${range(nginxRps, 0)} req/s, p99 ${p99(f.nginx)} | ` +
        `${range(ninesRps, 0)} req/s, p99 ${p99(f.nines)} | ${ratio.toFixed(2)} (target ≥ 0.33, p99 ≤ 10 ms) |`,
    ],
  };
}

async function main(): Promise<void> {
  ensureDebianTools({ nginx: 'nginx-light', wrk: 'wrk' });
  const machine = machineInfo();
  const runtime = chooseRuntime(root, process.env.NINES_RUNTIME).runtime;
  log(
    `machine: ${machine.nproc} CPUs, ${machine.model}, ${machine.memoryGiB.toFixed(1)} GiB; nines runs ${runtime}`,
  );
  const started = new Date();
  const status = await benchStatusPeers(log);
  const { rows, ratio } = statusRows(status);
  log(`status page: nines/nginx = ${ratio.toFixed(2)}`);
  const wrk = `wrk ${WRK_ARGS.join(' ')} --latency ${WRK_HEADERS.map((h) => `-H '${h}'`).join(' ')} URL`;
  const doc = `# Performance against peers

Written by \`npm run bench:peers\` (bench/peers/): Nines and the tool a user would otherwise run, on the
same machine, the same data and in one run, runs alternating (Nines, peer, Nines, peer). Ranges are the
two runs; the ratio is Nines' mean over the peer's. Everything listens on 127.0.0.1. Latency
percentiles move with whatever else the machine runs: read them against the peer's in the same run.

## Last run

- Date: ${started.toISOString()}
- Machine: \`nproc\` ${machine.nproc}, ${machine.model}, ${machine.memoryGiB.toFixed(1)} GiB memory
- Nines: \`nines serve\` (${runtime === 'dist' ? 'compiled build' : 'TypeScript through tsx: no fresh `npm run build`'}), embedded database
- Load: \`${wrk}\` against each, one after the other (load generator, server and peer share the CPUs)

| figure (same run, same bytes) | peer | Nines | Nines / peer |
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
`;
  writeFileSync(`${root}docs/performance.md`, doc);
  log('wrote docs/performance.md');
}

await main();
