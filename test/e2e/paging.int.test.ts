import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/notify/index.ts';
import {
  alertmanagerAvailable,
  type RunningAlertmanager,
  startAlertmanager,
} from '../../src/testing/alertmanager.ts';
import {
  createToken,
  type ServerProcess,
  scratchDir,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import { freePort } from '../../src/testing/prometheus.ts';

// A real Alertmanager fires at Nines; Nines pages whoever is on call through a webhook receiver and
// e-mail through a real SMTP server, escalates to level 2 when nobody acknowledges, stops on ack,
// and keeps escalating on time across a kill -9 without sending anything twice.

const HOOK_SECRET = 'hook-secret-for-tests-0123456789';
const ACK_TIMEOUT_MS = 10_000;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { pageId: string; kind: string; summary: string; level: number | null; ackUrl: string | null };
}

function config(receiver: string) {
  return {
    'oncall.yaml': `
apiVersion: nines.dev/v1
kind: Person
metadata: { name: ana }
spec:
  contacts:
    - webhook: { url: "${receiver}/ana", secret: { env: HOOK_SECRET } }
    - email: ana@example.com
---
apiVersion: nines.dev/v1
kind: Person
metadata: { name: bo }
spec:
  contacts:
    - webhook: { url: "${receiver}/bo", secret: { env: HOOK_SECRET } }
---
apiVersion: nines.dev/v1
kind: Team
metadata: { name: payments }
spec:
  members: [ana, bo]
  contacts:
    - webhook: { url: "${receiver}/team", secret: { env: HOOK_SECRET } }
  escalationPolicy: payments-default
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: payment }
spec: { owner: payments, tier: 1 }
---
apiVersion: nines.dev/v1
kind: Schedule
metadata: { name: primary }
spec:
  layers:
    - { name: weekly, participants: [ana], turn: 1w, start: "2026-01-05T09:00", timeZone: Europe/Paris }
---
apiVersion: nines.dev/v1
kind: Schedule
metadata: { name: secondary }
spec:
  layers:
    - { name: weekly, participants: [bo], turn: 1w, start: "2026-01-05T09:00", timeZone: Europe/Paris }
---
apiVersion: nines.dev/v1
kind: EscalationPolicy
metadata: { name: payments-default }
spec:
  levels:
    - { ackTimeout: 10s, targets: [{ schedule: primary }] }
    - { ackTimeout: 10s, targets: [{ schedule: secondary }] }
---
apiVersion: nines.dev/v1
kind: Integration
metadata: { name: am }
spec: { type: alertmanager, service: payment }
`,
  };
}

describe.skipIf(!alertmanagerAvailable())('paging from a real Alertmanager', () => {
  const received: Received[] = [];
  const mails: Array<{ to: string[]; raw: string }> = [];
  let receiver: Server;
  let smtp: SMTPServer;
  let alertmanager: RunningAlertmanager;
  let server: ServerProcess;
  let token: string;
  const dataDir = scratchDir('paging');
  let configDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
        res.writeHead(204).end();
      });
    });
    const receiverPort = await freePort();
    await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve));
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk) => (raw += chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    const smtpPort = await freePort();
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
    configDir = writeConfig(config(`http://127.0.0.1:${receiverPort}`));
    env = {
      HOOK_SECRET,
      NINES_SMTP_URL: `smtp://127.0.0.1:${smtpPort}?starttls=never`,
      NINES_EVAL_INTERVAL: '1s',
    };
    token = await createToken(['--scopes', 'write', '--name', 'oncall-bot', '--data-dir', dataDir]);
    server = await startServer({ configDir, dataDir, env });
    alertmanager = await startAlertmanager({
      webhookUrl: `${server.url}/api/v1/integrations/alertmanager?integration=am`,
      token,
    });
  }, 120_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await server?.stop();
    receiver?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const api = async <T>(path: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const deliveriesTo = (who: string, pageId: string) =>
    received.filter((r) => r.path === `/${who}` && r.body.pageId === pageId);

  it('pages the on-call person by webhook and e-mail, escalates to level 2 after the ack timeout, stops on ack', async () => {
    await alertmanager.post([
      {
        labels: { alertname: 'PaymentErrors', service: 'payment', severity: 'critical' },
        annotations: { summary: 'Payment errors above 5%' },
      },
    ]);
    const first = await waitFor(
      async () => received.find((r) => r.path === '/ana'),
      30_000,
      'a delivery to ana',
    );
    expect(first.body).toMatchObject({ kind: 'page', summary: 'Payment errors above 5%', level: 1 });
    expect(verifySignature(first.raw, String(first.headers['x-nines-signature']), HOOK_SECRET)).toBe(true);
    expect(first.headers['idempotency-key']).toMatch(/^page:/);
    const mail = await waitFor(
      async () => mails.find((m) => m.to.includes('ana@example.com')),
      30_000,
      'an e-mail to ana',
    );
    expect(mail.raw).toMatch(/Subject: \[P1\] payment: Payment errors above 5%/);

    const pageId = first.body.pageId;
    await waitFor(async () => deliveriesTo('bo', pageId)[0], 30_000, 'escalation to bo');
    const page = await api<{
      status: string;
      events: Array<{ kind: string; at: string; details: { level?: number } }>;
      createdAt: string;
    }>(`/api/v1/pages/${pageId}`);
    const escalations = page.body.events.filter((e) => e.kind === 'escalated');
    expect(escalations.map((e) => e.details.level)).toEqual([1, 2]);
    // Level 2 is notified no earlier than the level-1 acknowledgement timeout after level 1.
    const gapMs = Date.parse(escalations[1]?.at ?? '') - Date.parse(escalations[0]?.at ?? '');
    expect(gapMs).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);

    const ack = await api<{ status: string; nextActionAt: string | null }>(`/api/v1/pages/${pageId}/ack`, {
      method: 'POST',
      body: '{}',
    });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    expect(ack.body.nextActionAt).toBeNull();
    // One delivery per person and level: Alertmanager's repeated notifications did not page again.
    expect(deliveriesTo('ana', pageId)).toHaveLength(1);
    expect(deliveriesTo('bo', pageId)).toHaveLength(1);
  });

  it('kill -9 during escalation: escalates on time after restart, sends nothing twice', async () => {
    await alertmanager.post([
      {
        labels: { alertname: 'PaymentLatency', service: 'payment', severity: 'critical' },
        annotations: { summary: 'Payment p99 above 2 s' },
      },
    ]);
    const first = await waitFor(
      async () => received.find((r) => r.path === '/ana' && r.body.summary === 'Payment p99 above 2 s'),
      30_000,
      'a delivery to ana for the second page',
    );
    const pageId = first.body.pageId;
    // Kill while the page waits for its acknowledgement timeout, once the level-1 delivery is recorded.
    await waitFor(async () => {
      const page = await api<{ deliveries: Array<{ recipient: string; status: string }> }>(
        `/api/v1/pages/${pageId}`,
      );
      return page.body.deliveries.some((d) => d.recipient === 'person:ana' && d.status === 'sent')
        ? true
        : undefined;
    });
    const port = Number(new URL(server.url).port);
    await server.kill9();
    server = await startServer({ configDir, dataDir, env, port });
    await waitFor(async () => deliveriesTo('bo', pageId)[0], 40_000, 'escalation to bo after restart');
    const page = await api<{ events: Array<{ kind: string; at: string }> }>(`/api/v1/pages/${pageId}`);
    const escalations = page.body.events.filter((e) => e.kind === 'escalated');
    expect(escalations).toHaveLength(2);
    expect(
      Date.parse(escalations[1]?.at ?? '') - Date.parse(escalations[0]?.at ?? ''),
    ).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    const keys = deliveriesTo('ana', pageId).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(1);
    expect(deliveriesTo('bo', pageId)).toHaveLength(1);
  });
});
