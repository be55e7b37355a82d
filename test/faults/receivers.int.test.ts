import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createToken,
  type ServerProcess,
  scratchDir,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';

// Fault scenario of issue 11: one person is paged through four webhook receivers — one that never
// answers, one that answers 500, one that answers only after the 10 s attempt timeout, and a healthy
// one — while new pages open every second and unacknowledged ones repeat every 10 s. The healthy
// receiver must get every notification within 2 s of its due time (the moment the escalation decided
// it), whatever the other three do. NINES_FAULTS_FULL=1 runs the 90 s version.

const FULL = process.env.NINES_FAULTS_FULL === '1';
const RUN_MS = FULL ? 90_000 : 25_000;
const NEW_PAGE_EVERY_MS = 1_000;
const BOUND_MS = 2_000;
const SLOW_ANSWER_MS = 12_000;

interface Arrival {
  key: string;
  /** When the escalation decided the notification (its due time). */
  dueMs: number;
  delayMs: number;
}

function receiver(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => handle(req, res, body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const urlOf = (server: Server) => {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('receiver not listening');
  return `http://127.0.0.1:${address.port}`;
};

function config(urls: { hung: string; failing: string; slow: string; healthy: string }) {
  return {
    'oncall.yaml': `
apiVersion: nines.dev/v1
kind: Person
metadata: { name: ana }
spec:
  contacts:
    - webhook: { url: "${urls.hung}/ana" }
    - webhook: { url: "${urls.failing}/ana" }
    - webhook: { url: "${urls.slow}/ana" }
    - webhook: { url: "${urls.healthy}/ana" }
---
apiVersion: nines.dev/v1
kind: Team
metadata: { name: payments }
spec:
  members: [ana]
  escalationPolicy: payments-default
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: payment }
spec: { owner: payments, tier: 1 }
---
apiVersion: nines.dev/v1
kind: EscalationPolicy
metadata: { name: payments-default }
spec:
  repeat: 9
  levels:
    - { ackTimeout: 10s, targets: [{ person: ana }] }
---
apiVersion: nines.dev/v1
kind: Integration
metadata: { name: am }
spec: { type: alertmanager, service: payment }
`,
  };
}

describe('notifications when receivers fail', () => {
  const healthy: Arrival[] = [];
  const counts = { hung: 0, failing: 0, slow: 0 };
  const servers: Server[] = [];
  let server: ServerProcess;
  let token: string;

  beforeAll(async () => {
    const hung = await receiver(() => {
      counts.hung++;
    });
    const failing = await receiver((_req, res) => {
      counts.failing++;
      res.writeHead(500).end('receiver broken');
    });
    const slow = await receiver((_req, res) => {
      counts.slow++;
      const timer = setTimeout(() => res.writeHead(204).end(), SLOW_ANSWER_MS);
      res.on('close', () => clearTimeout(timer));
    });
    const good = await receiver((req, res, body) => {
      const message = JSON.parse(body) as { occurredAtMs: number };
      healthy.push({
        key: String(req.headers['idempotency-key']),
        dueMs: message.occurredAtMs,
        delayMs: Date.now() - message.occurredAtMs,
      });
      res.writeHead(204).end();
    });
    servers.push(hung, failing, slow, good);
    const configDir = writeConfig(
      config({ hung: urlOf(hung), failing: urlOf(failing), slow: urlOf(slow), healthy: urlOf(good) }),
    );
    const dataDir = scratchDir('faults-receivers');
    token = await createToken(['--scopes', 'write', '--name', 'faults', '--data-dir', dataDir]);
    server = await startServer({ configDir, dataDir });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  const openPage = (n: number) =>
    api('/api/v1/integrations/alertmanager?integration=am', {
      method: 'POST',
      body: JSON.stringify({
        version: '4',
        groupKey: `{}:{alertname="PaymentErrors", shard="${n}"}`,
        status: 'firing',
        receiver: 'nines',
        groupLabels: { alertname: 'PaymentErrors', shard: String(n) },
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://127.0.0.1:9093',
        alerts: [
          {
            status: 'firing',
            labels: {
              alertname: 'PaymentErrors',
              service: 'payment',
              severity: 'critical',
              shard: String(n),
            },
            annotations: { summary: `payment errors on shard ${n}` },
            startsAt: new Date().toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            fingerprint: `shard-${n}`,
          },
        ],
      }),
    });

  it(
    'a healthy receiver gets every notification within 2 s of its due time beside hung, failing and slow ones',
    async () => {
      const started = Date.now();
      let opened = 0;
      // One new page a second for the run (bounded by the loop), each repeating every 10 s unacknowledged.
      for (let n = 0; Date.now() - started < RUN_MS && n < RUN_MS / NEW_PAGE_EVERY_MS; n++) {
        await openPage(n);
        opened++;
        const next = started + (n + 1) * NEW_PAGE_EVERY_MS;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
      // Every delivery to the healthy receiver decided so far, from the pages' own records. Pages keep
      // escalating meanwhile: what is decided after this instant is left out on both sides.
      const snapshotMs = Date.now();
      const arrivedOf = () => healthy.filter((a) => a.dueMs <= snapshotMs);
      const { pages } = await api<{ pages: Array<{ id: string }> }>('/api/v1/pages?limit=500');
      const decided: Array<{ id: string; createdAt: string }> = [];
      for (const page of pages) {
        const details = await api<{
          deliveries: Array<{ id: string; contact: { host?: string }; createdAt: string }>;
        }>(`/api/v1/pages/${page.id}`);
        const healthyHost = new URL(urlOf(servers[3] as Server)).host;
        decided.push(
          ...details.deliveries.filter(
            (d) => d.contact.host === healthyHost && Date.parse(d.createdAt) <= snapshotMs,
          ),
        );
      }
      // Those decided in the last moments may still be on their way: wait for them, bounded (a shortfall
      // is reported by the assertions below, with the figures).
      await waitFor(
        async () => (arrivedOf().length >= decided.length ? true : undefined),
        10_000,
        'healthy deliveries',
      ).catch(() => undefined);
      const arrived = arrivedOf();
      const delays = healthy.map((a) => a.delayMs).sort((a, b) => a - b);
      const median = delays[Math.floor(delays.length / 2)] ?? 0;
      const max = delays.at(-1) ?? 0;
      console.log(
        `faults: receivers hung/500/slow beside healthy, ${Math.round(RUN_MS / 1000)} s, ${opened} pages; ` +
          `attempts hung ${counts.hung}, 500 ${counts.failing}, slow ${counts.slow}; ` +
          `healthy deliveries ${arrived.length}/${decided.length}, delay median ${median} ms max ${max} ms`,
      );
      expect(decided.length).toBeGreaterThanOrEqual(opened);
      expect(arrived.length).toBe(decided.length);
      expect(new Set(healthy.map((a) => a.key)).size).toBe(healthy.length);
      expect(delays.filter((d) => d > BOUND_MS)).toEqual([]);
      // The failing receivers were tried too: their attempts go on beside the healthy one's.
      expect(counts.hung).toBeGreaterThan(0);
      expect(counts.failing).toBeGreaterThan(0);
      expect(counts.slow).toBeGreaterThan(0);
    },
    RUN_MS + 120_000,
  );
});
