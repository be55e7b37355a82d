import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken } from '../src/auth/index.ts';
import { resolveRuntimeConfig } from '../src/config/config.ts';
import { silentLogger } from '../src/core/logger.ts';
import { startNines } from '../src/main.ts';
import { quantile } from './stats.ts';

// Issue 3's figures: alert intake throughput (Alertmanager webhooks, with re-sent alerts deduplicated)
// and the time from an SLO page alert firing to its first delivery at a webhook receiver.

const SERVICES = 5;

function config(receiver: string): string {
  const docs: string[] = [
    'apiVersion: nines.dev/v1\nkind: Person\nmetadata: { name: ana }\nspec:\n  contacts:\n    - webhook: { url: "RECEIVER/ana" }',
    'apiVersion: nines.dev/v1\nkind: Schedule\nmetadata: { name: primary }\nspec:\n  layers:\n    - { name: l, participants: [ana], turn: 1w, start: "2026-01-05T09:00" }',
    'apiVersion: nines.dev/v1\nkind: EscalationPolicy\nmetadata: { name: default }\nspec:\n  levels:\n    - { ackTimeout: 5m, targets: [{ schedule: primary }] }',
    'apiVersion: nines.dev/v1\nkind: Team\nmetadata: { name: core }\nspec: { members: [ana], escalationPolicy: default }',
    'apiVersion: nines.dev/v1\nkind: Integration\nmetadata: { name: am }\nspec: { type: alertmanager }',
  ];
  for (let i = 0; i < SERVICES; i++) {
    docs.push(
      `apiVersion: nines.dev/v1\nkind: Service\nmetadata: { name: svc-${i} }\nspec: { owner: core, tier: 2 }`,
    );
    docs.push(
      `apiVersion: nines.dev/v1\nkind: SLO\nmetadata: { name: svc-${i}-availability }\nspec: { service: svc-${i}, objective: 99.9, indicator: { events: {} } }`,
    );
  }
  return docs.join('\n---\n').replaceAll('RECEIVER', receiver);
}

export interface PagingFigures {
  alerts: number;
  distinctAlerts: number;
  alertsPerSecond: number;
  webhooksPerSecond: number;
  p50WebhookMs: number;
  sloToDeliveryMs: number[];
}

/** Runs the server in-process on a durable embedded database with its jobs, like `nines serve`. */
export async function benchPaging(options: {
  webhooks: number;
  alertsPerWebhook: number;
  distinct: number;
}): Promise<PagingFigures> {
  const delivered = new Map<string, number>();
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as { summary: string };
      if (!delivered.has(body.summary)) delivered.set(body.summary, Date.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'nines-bench-paging-'));
  writeFileSync(join(dir, 'nines.yaml'), config(receiverUrl));
  const nines = await startNines({
    config: resolveRuntimeConfig(
      {},
      { configDir: dir, dataDir: join(dir, 'data'), port: '0', host: '127.0.0.1', evalIntervalMs: '1s' },
    ),
    logger: silentLogger,
  });
  const fired = new Map<string, number>();
  try {
    const { token } = await createToken({
      db: nines.ctx.db,
      clock: nines.ctx.clock,
      name: 'bench',
      scopes: ['write'],
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // 1. Intake: webhooks carrying alerts of which most were seen before (Alertmanager re-sends groups).
    const latencies: number[] = [];
    const started = performance.now();
    for (let w = 0; w < options.webhooks; w++) {
      const alerts = Array.from({ length: options.alertsPerWebhook }, (_, i) => {
        const n = (w * options.alertsPerWebhook + i) % options.distinct;
        return {
          status: 'firing',
          labels: {
            alertname: `Bench${n % 50}`,
            instance: `host-${n}`,
            service: `svc-${n % SERVICES}`,
            severity: 'warning',
          },
          annotations: { summary: `bench alert ${n}` },
          startsAt: '2026-11-21T00:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus/graph',
          fingerprint: `fp${n}`,
        };
      });
      const body = {
        version: '4',
        groupKey: `{}:{alertname="Bench${w % 50}"}`,
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'nines',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://alertmanager',
        alerts,
      };
      const t0 = performance.now();
      const response = await fetch(`${nines.url}/api/v1/integrations/alertmanager?integration=am`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`intake answered ${response.status}`);
      latencies.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;

    // 2. SLO page alert -> first delivery: a full outage on one SLO at a time.
    const sloToDeliveryMs: number[] = [];
    for (let i = 0; i < SERVICES; i++) {
      const slo = `svc-${i}-availability`;
      const events = Array.from({ length: 5 }, (_, m) => ({
        slo,
        time: Date.now() - m * 60_000,
        good: 0,
        total: 1000,
      }));
      await fetch(`${nines.url}/api/v1/sli-events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ events }),
      });
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const [page] = await nines.ctx.db.query<{ created_ms: number; summary: string }>(
          "SELECT created_ms, summary FROM pages WHERE service = $1 AND severity IN ('P0','P1','P2')",
          [`svc-${i}`],
        );
        const at = page ? delivered.get(page.summary) : undefined;
        if (page && at !== undefined) {
          fired.set(slo, page.created_ms);
          sloToDeliveryMs.push(at - page.created_ms);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    return {
      alerts: options.webhooks * options.alertsPerWebhook,
      distinctAlerts: Math.min(options.distinct, options.webhooks * options.alertsPerWebhook),
      alertsPerSecond: (options.webhooks * options.alertsPerWebhook) / seconds,
      webhooksPerSecond: options.webhooks / seconds,
      p50WebhookMs: quantile(latencies, 0.5),
      sloToDeliveryMs,
    };
  } finally {
    await nines.close();
    receiver.close();
  }
}
