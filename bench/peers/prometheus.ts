import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { waitFor } from '../../src/testing/nines-process.ts';
import { freePort } from '../../src/testing/prometheus.ts';
import { FLEET_METRIC, type FleetSpec, healthyCounters } from './fleet.ts';

// Spawning the real peers for the side-by-side benchmarks: Prometheus (scraping the fleet, optionally
// evaluating rules, remote-writing, alerting) and Alertmanager with its default timings.

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';
const SCRAPE_STEP_MS = 15_000;

export interface PeerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Writes the fleet's healthy history from `spec.epochMs` to `endMs` (one sample every 15 s) as TSDB blocks
 * in a new folder, once; every Prometheus of a run starts from a copy of it. Streams the OpenMetrics file:
 * at 10,000 services an hour is ~5 million samples.
 */
export async function writeFleetHistory(spec: FleetSpec, instance: string, endMs: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nines-peer-history-'));
  const file = join(dir, 'history.om');
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const group of spec.groups) {
    for (let i = 0; i < group.count; i++) {
      // The labels a scrape of the fleet adds, so history and live samples are one series.
      const labels = `service="${group.prefix}${i}",job="fleet",instance="${instance}"`;
      for (const code of ['200', '500'] as const) {
        const lines: string[] = [];
        for (let t = spec.epochMs; t <= endMs; t += SCRAPE_STEP_MS) {
          const counters = healthyCounters(group, spec.epochMs, t);
          const value = code === '200' ? counters.good : counters.bad;
          lines.push(`${FLEET_METRIC}{${labels},code="${code}"} ${value} ${t / 1000}`);
        }
        await write(`${lines.join('\n')}\n`);
      }
    }
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'finish');
  const blocks = join(dir, 'blocks');
  await promisify(execFile)(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', file, blocks], {
    maxBuffer: 64 * 1024 * 1024,
  });
  rmSync(file);
  return blocks;
}

export interface PrometheusOptions {
  /** Fleet `host:port` scraped every 15 s. */
  scrapeTarget: string;
  /** TSDB blocks copied into this Prometheus' storage before it starts. */
  historyBlocks?: string;
  /** A rule file evaluated every `evaluationIntervalSeconds` (30 by default). */
  rules?: string;
  evaluationIntervalSeconds?: number;
  remoteWrite?: { url: string; bearerToken: string };
  alertmanagerUrl?: string;
  /** Listen here (chosen beforehand when Nines' config must name this Prometheus first). */
  port?: number;
}

function prometheusConfig(options: PrometheusOptions, dir: string): Record<string, unknown> {
  return {
    global: {
      scrape_interval: '15s',
      evaluation_interval: `${options.evaluationIntervalSeconds ?? 30}s`,
    },
    scrape_configs: [{ job_name: 'fleet', static_configs: [{ targets: [options.scrapeTarget] }] }],
    ...(options.rules ? { rule_files: [join(dir, 'rules.yml')] } : {}),
    ...(options.remoteWrite
      ? {
          remote_write: [
            {
              url: options.remoteWrite.url,
              authorization: { credentials: options.remoteWrite.bearerToken },
              // As docs/config-reference.md advises: Nines ignores metadata.
              metadata_config: { send: false },
            },
          ],
        }
      : {}),
    ...(options.alertmanagerUrl
      ? {
          alerting: {
            alertmanagers: [{ static_configs: [{ targets: [new URL(options.alertmanagerUrl).host] }] }],
          },
        }
      : {}),
  };
}

/** Starts a real Prometheus in its own temporary folder on a free port; `stop()` kills it and removes the folder. */
export async function startPeerPrometheus(options: PrometheusOptions): Promise<PeerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'nines-peer-prometheus-'));
  const data = join(dir, 'data');
  if (options.historyBlocks) cpSync(options.historyBlocks, data, { recursive: true });
  if (options.rules) writeFileSync(join(dir, 'rules.yml'), options.rules);
  writeFileSync(join(dir, 'prometheus.yml'), stringify(prometheusConfig(options, dir)));
  const port = options.port ?? (await freePort());
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return started(child, `http://127.0.0.1:${port}`, dir, 'prometheus');
}

/**
 * Alertmanager as installed, grouped by alert name and service with the default group_wait (30 s) and
 * group_interval (5 m); no cluster, so nothing waits for peers to settle. Its one receiver posts to
 * `webhookUrl`, or sends nothing (`quiet`: intake into memory is what is measured), grouped by alert name.
 */
export async function startPeerAlertmanager(
  receiver: { webhookUrl: string } | 'quiet',
): Promise<PeerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'nines-peer-alertmanager-'));
  const config =
    receiver === 'quiet'
      ? { route: { receiver: 'quiet', group_by: ['alertname'] }, receivers: [{ name: 'quiet' }] }
      : {
          route: { receiver: 'bench', group_by: ['alertname', 'service'] },
          receivers: [{ name: 'bench', webhook_configs: [{ url: receiver.webhookUrl }] }],
        };
  writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return started(child, `http://127.0.0.1:${port}`, dir, 'alertmanager');
}

async function started(child: ChildProcess, url: string, dir: string, name: string): Promise<PeerProcess> {
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(forced);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
        return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
      },
      120_000,
      `${name} ready`,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- ${name} log ---\n${log}`);
  }
  return { url, pid: child.pid as number, stop };
}

/** One instant query's numeric answers (labels → value), to check rules and data in a peer. */
export async function instantQuery(url: string, query: string): Promise<number[]> {
  const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
  return (body.data?.result ?? []).map((one) => Number(one.value[1]));
}
