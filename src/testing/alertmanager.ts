import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { waitFor } from './nines-process.ts';
import { freePort, hasBinary } from './prometheus.ts';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export function alertmanagerAvailable(): boolean {
  const available = hasBinary(ALERTMANAGER_BIN);
  if (!available && (process.env.CI || process.env.NINES_REQUIRE_COMPONENTS)) {
    throw new Error(`${ALERTMANAGER_BIN} is required (apt-get install prometheus-alertmanager)`);
  }
  return available;
}

export interface RunningAlertmanager {
  url: string;
  /** Fires (or, with endsAt in the past, resolves) alerts through Alertmanager's API v2. */
  post(
    alerts: Array<{ labels: Record<string, string>; annotations?: Record<string, string>; endsAt?: string }>,
  ): Promise<void>;
  stop(): Promise<void>;
}

/** A real Alertmanager whose only receiver is a webhook to `webhookUrl` with a bearer token, grouping by alertname. */
export async function startAlertmanager(options: {
  webhookUrl: string;
  token: string;
}): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'nines-alertmanager-'));
  const config = {
    route: {
      receiver: 'nines',
      group_by: ['alertname', 'service'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
    },
    receivers: [
      {
        name: 'nines',
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials: options.token } },
          },
        ],
      },
    ],
  };
  await writeFile(join(dir, 'alertmanager.yml'), stringify(config));
  const port = await freePort();
  const cluster = await freePort();
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--cluster.listen-address=127.0.0.1:${cluster}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`alertmanager exited: ${log}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    },
    30_000,
    'alertmanager ready',
  ).catch(async (error) => {
    await stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  });
  return {
    url,
    async post(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          alerts.map((a) => ({ labels: a.labels, annotations: a.annotations ?? {}, endsAt: a.endsAt })),
        ),
      });
      if (!response.ok)
        throw new Error(`alertmanager refused alerts: ${response.status} ${await response.text()}`);
    },
    stop,
  };
}
