import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRuntimeConfig } from '../../src/config/config.ts';
import { MINUTE_MS } from '../../src/core/duration.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startNines } from '../../src/main.ts';
import { startServer, waitFor, writeConfig } from '../../src/testing/nines-process.ts';
import { freePort } from '../../src/testing/prometheus.ts';
import { seedStatusBuckets, statusBenchConfig } from '../status-page.bench.ts';
import { runWrk, type WrkResult } from './tools.ts';

// The public status page against nginx (one worker) serving the very same bytes: both answer
// `Accept-Encoding: gzip, br` as browsers send it, with the prepared brotli body Nines sends.

export const WRK_ARGS = ['-t2', '-c32', '-d10s'];
export const WRK_HEADERS = ['Accept-Encoding: gzip, br'];
const RUNS = 2;

export interface StatusPeerFigures {
  nines: WrkResult[];
  nginx: WrkResult[];
  bytes: { identity: number; coded: number; coding: string };
}

/** Everything nginx needs, in a private prefix: one worker, no access log, the three prepared files. */
function nginxConfig(prefix: string, port: number): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `  ${name}_temp_path ${join(prefix, 'tmp', name)};`)
    .join('\n');
  return `worker_processes 1;
daemon off;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
${temp}
  # The benchmark sends one fixed header, so a first-match map stands in for q-value negotiation.
  map $http_accept_encoding $variant { default id; "~*\\bbr\\b" br; "~*\\bgzip\\b" gz; }
  map $variant $coding { default ""; br br; gz gzip; }
  server {
    listen 127.0.0.1:${port};
    root ${join(prefix, 'www')};
    location = /status {
      types { }
      default_type "text/html; charset=utf-8";
      add_header Vary Accept-Encoding;
      add_header Content-Encoding $coding;
      add_header Cache-Control "public, max-age=30";
      try_files /status.$variant =404;
    }
  }
}
`;
}

async function bodyOf(url: string, accept: string) {
  // Raw bytes as sent: node's fetch would decode them, so ask with a header it passes through untouched.
  const { request } = await import('node:http');
  return new Promise<{ bytes: Buffer; coding: string }>((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': accept } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ bytes: Buffer.concat(chunks), coding: String(response.headers['content-encoding'] ?? '') }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function startNginx(prefix: string, port: number): Promise<ChildProcess> {
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConfig(prefix, port));
  const child = spawn('nginx', ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk) => (errors += chunk));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
      return (await fetch(`http://127.0.0.1:${port}/status`)).ok ? true : undefined;
    },
    20_000,
    'nginx ready',
  );
  return child;
}

export async function benchStatusPeers(log: (line: string) => void): Promise<StatusPeerFigures> {
  const prefix = mkdtempSync(join(tmpdir(), 'nines-peer-status-'));
  // nginx's workers drop root: they must be able to read the prefix.
  chmodSync(prefix, 0o755);
  const configDir = writeConfig({ 'bench.yaml': statusBenchConfig() });
  const dataDir = join(prefix, 'data');
  let nginx: ChildProcess | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    // Seed the embedded database in-process, then let the real server open it.
    log('seeding 90 days of minute buckets for 10 components');
    const seeder = await startNines({
      config: resolveRuntimeConfig({}, { configDir, port: '0', host: '127.0.0.1', dataDir }),
      logger: silentLogger,
      jobs: false,
    });
    try {
      await seedStatusBuckets(seeder.ctx.db, Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
    } finally {
      await seeder.close();
    }
    server = await startServer({ configDir, dataDir });
    const url = `${server.url}/status`;
    const identity = await bodyOf(url, 'identity');
    const gzip = await bodyOf(url, 'gzip');
    const coded = await bodyOf(url, WRK_HEADERS[0]?.split(': ')[1] ?? '');
    if (coded.coding !== 'br' || gzip.coding !== 'gzip') {
      throw new Error(`unexpected codings from Nines: ${coded.coding}, ${gzip.coding}`);
    }
    const www = join(prefix, 'www');
    mkdirSync(www);
    for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(join(prefix, 'tmp', name), { recursive: true });
    }
    writeFileSync(join(www, 'status.id'), identity.bytes);
    writeFileSync(join(www, 'status.gz'), gzip.bytes);
    writeFileSync(join(www, 'status.br'), coded.bytes);
    const port = await freePort();
    nginx = await startNginx(prefix, port);
    const peer = await bodyOf(`http://127.0.0.1:${port}/status`, 'gzip, br');
    if (!peer.bytes.equals(coded.bytes) || peer.coding !== 'br') {
      throw new Error('nginx does not serve the bytes Nines serves');
    }
    log(`same bytes: ${identity.bytes.length} B uncompressed, ${coded.bytes.length} B brotli`);
    const figures: StatusPeerFigures = {
      nines: [],
      nginx: [],
      bytes: { identity: identity.bytes.length, coded: coded.bytes.length, coding: coded.coding },
    };
    for (let run = 1; run <= RUNS; run++) {
      const n = runWrk(url, WRK_ARGS, WRK_HEADERS);
      figures.nines.push(n);
      log(`run ${run} nines: ${n.requestsPerSecond.toFixed(0)} req/s, p99 ${n.p99Ms.toFixed(2)} ms`);
      const x = runWrk(`http://127.0.0.1:${port}/status`, WRK_ARGS, WRK_HEADERS);
      figures.nginx.push(x);
      log(`run ${run} nginx: ${x.requestsPerSecond.toFixed(0)} req/s, p99 ${x.p99Ms.toFixed(2)} ms`);
    }
    for (const result of [...figures.nines, ...figures.nginx]) {
      if (result.non2xx > 0) throw new Error(`${result.non2xx} responses were not 2xx/3xx`);
    }
    return figures;
  } finally {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await server?.stop();
    rmSync(prefix, { recursive: true, force: true });
  }
}
