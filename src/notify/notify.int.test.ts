import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactMethod, SecretRef } from '../specs/index.ts';
import { makeMessage } from '../testing/notify-fixtures.ts';
import type { SendInput } from './channel-sender.ts';
import { createChannelSenders, sendToContact } from './channels.ts';
import { DeliveryError } from './delivery-error.ts';
import type { SmtpSettings } from './email.ts';
import { renderSlack } from './slack.ts';
import { renderWebhookBody, verifySignature } from './webhook.ts';

const env: Record<string, string> = {
  HOOK_SECRET: 'hook-signing-secret',
  SLACK_URL: '',
  SMTP_PASSWORD: 'smtp-pass-word',
};
const secrets = (ref: SecretRef) => env[ref.env];
const message = makeMessage();

function input(target: ContactMethod, signal = new AbortController().signal): SendInput {
  return { target, message, idempotencyKey: 'page:42:level:1:person:alice:0', secrets, signal };
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function readText(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves to the DeliveryError a send failed with; fails the test when it succeeded or threw something else. */
async function deliveryError(promise: Promise<void>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

/** A closed port: listen, note the port, stop listening. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('HTTP channels against a local receiver', () => {
  const seen: { headers: IncomingMessage['headers']; body: string; url: string }[] = [];
  const routes: Record<string, (response: ServerResponse) => void> = {
    '/ok': (response) => response.end('ok'),
    '/down': (response) => response.writeHead(503).end('maintenance'),
    '/busy': (response) => response.writeHead(429).end(),
    '/bad': (response) => response.writeHead(400).end('invalid_payload'),
    '/services/T0/B0/xoxSECRET': (response) =>
      response.writeHead(404).end('no_service for /services/T0/B0/xoxSECRET'),
    '/moved': (response) => response.writeHead(302, { location: '/ok' }).end(),
    '/hang': () => {},
  };
  const server = createHttpServer(async (request, response) => {
    seen.push({ headers: request.headers, body: await readText(request), url: request.url ?? '' });
    routes[request.url ?? '']?.(response);
  });
  const channels = createChannelSenders({ timeoutMs: 2_000 });
  let base = '';

  beforeAll(async () => {
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers a signed webhook with the idempotency key', async () => {
    await sendToContact(
      channels,
      input({ kind: 'webhook', url: `${base}/ok`, secret: { env: 'HOOK_SECRET' } }),
    );
    const request = seen.at(-1);
    expect(request?.body).toBe(renderWebhookBody(message));
    expect(JSON.parse(request?.body ?? '')).toMatchObject({ version: 1, pageId: '42', severity: 'P1' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe('nines');
    expect(request?.headers['idempotency-key']).toBe('page:42:level:1:person:alice:0');
    const signature = request?.headers['x-nines-signature'] as string;
    expect(verifySignature(request?.body ?? '', signature, 'hook-signing-secret')).toBe(true);
    expect(verifySignature(`${request?.body} `, signature, 'hook-signing-secret')).toBe(false);
  });

  it('sends no signature when the webhook has no secret', async () => {
    await sendToContact(channels, input({ kind: 'webhook', url: `${base}/ok` }));
    expect(seen.at(-1)?.headers['x-nines-signature']).toBeUndefined();
  });

  it('calls a 503 or a 429 retryable and a 400 final', async () => {
    const down = await deliveryError(
      sendToContact(channels, input({ kind: 'webhook', url: `${base}/down` })),
    );
    expect(down).toMatchObject({ retryable: true, message: 'HTTP 503: maintenance' });
    const busy = await deliveryError(
      sendToContact(channels, input({ kind: 'webhook', url: `${base}/busy` })),
    );
    expect(busy).toMatchObject({ retryable: true, message: 'HTTP 429' });
    const bad = await deliveryError(sendToContact(channels, input({ kind: 'webhook', url: `${base}/bad` })));
    expect(bad).toMatchObject({ retryable: false, message: 'HTTP 400: invalid_payload' });
  });

  it('refuses to follow a redirect', async () => {
    const moved = await deliveryError(
      sendToContact(channels, input({ kind: 'webhook', url: `${base}/moved` })),
    );
    expect(moved).toMatchObject({ retryable: false, message: 'HTTP 302' });
  });

  it('times out on a receiver that never answers, and may retry', async () => {
    const quick = createChannelSenders({ timeoutMs: 200 });
    const hung = await deliveryError(sendToContact(quick, input({ kind: 'webhook', url: `${base}/hang` })));
    expect(hung).toMatchObject({ retryable: true, message: 'timed out after 200 ms' });
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    controller.abort();
    const target: ContactMethod = { kind: 'webhook', url: `${base}/ok` };
    const cancelled = await deliveryError(sendToContact(channels, input(target, controller.signal)));
    expect(cancelled).toMatchObject({ retryable: true, message: 'cancelled' });
  });

  it('retries when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hook`;
    const refused = await deliveryError(sendToContact(channels, input({ kind: 'webhook', url })));
    expect(refused).toMatchObject({ retryable: true, message: 'network error: ECONNREFUSED' });
  });

  it('posts a Slack message to the webhook URL read from the environment', async () => {
    env.SLACK_URL = `${base}/ok`;
    await sendToContact(channels, input({ kind: 'slack', webhookUrl: { env: 'SLACK_URL' } }));
    const request = seen.at(-1);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(renderSlack(message));
  });

  it('never reports the Slack webhook token, even when the receiver echoes it', async () => {
    env.SLACK_URL = `${base}/services/T0/B0/xoxSECRET`;
    const error = await deliveryError(
      sendToContact(channels, input({ kind: 'slack', webhookUrl: { env: 'SLACK_URL' } })),
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('HTTP 404: no_service for [redacted]');
  });

  it('fails for good when a secret is not set', async () => {
    const target: ContactMethod = { kind: 'webhook', url: `${base}/ok`, secret: { env: 'NOT_SET' } };
    const error = await deliveryError(sendToContact(channels, input(target)));
    expect(error).toMatchObject({
      retryable: false,
      message: 'secret environment variable NOT_SET is not set',
    });
  });
});

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: unknown;
}

async function startSmtp(
  options: SMTPServerOptions,
): Promise<{ port: number; mail: ReceivedMail[]; server: SMTPServer }> {
  const mail: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onData(stream, session, callback) {
      readText(stream).then((raw) => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mail.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, user: session.user });
        callback();
      }, callback);
    },
    ...options,
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return { port: (server.server.address() as AddressInfo).port, mail, server };
}

/** Undoes quoted-printable soft line breaks and escapes, enough to read an ASCII text part. */
function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function smtpSettings(port: number, overrides: Partial<SmtpSettings> = {}): SmtpSettings {
  return {
    host: '127.0.0.1',
    port,
    secure: false,
    startTls: 'auto',
    from: 'Nines <nines@example.com>',
    ...overrides,
  };
}

describe('e-mail through a real SMTP server', () => {
  const servers: SMTPServer[] = [];
  const start = async (options: SMTPServerOptions) => {
    const started = await startSmtp(options);
    servers.push(started.server);
    return started;
  };
  const alice: ContactMethod = { kind: 'email', address: 'alice@example.com' };

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });

  it('delivers subject, body and recipient, logging in with the password from the environment', async () => {
    const smtp = await start({
      onAuth(auth, _session, callback) {
        const ok = auth.username === 'nines' && auth.password === 'smtp-pass-word';
        callback(ok ? null : new Error('bad credentials'), ok ? { user: auth.username } : undefined);
      },
    });
    const settings = smtpSettings(smtp.port, { username: 'nines', password: { env: 'SMTP_PASSWORD' } });
    const channels = createChannelSenders({ smtp: settings, timeoutMs: 5_000 });
    await sendToContact(channels, input(alice));

    expect(smtp.mail).toHaveLength(1);
    const [received] = smtp.mail;
    expect(received).toMatchObject({ from: 'nines@example.com', to: ['alice@example.com'], user: 'nines' });
    const raw = decodeQuotedPrintable(received?.raw ?? '');
    expect(raw).toContain('Subject: [P1] payment: Connection pool exhausted');
    expect(raw).toContain(
      'Acknowledge (no login needed, the link expires): https://nines.example.com/ack/TOKEN',
    );
    expect(raw).toContain('Runbook: https://runbooks.example.com/payment/pool');
    expect(raw).toMatch(/Message-ID: <[0-9a-f]{32}\.nines@example\.com>/);
  });

  it('gives a retried delivery the same Message-ID', async () => {
    const smtp = await start({ authOptional: true });
    const channels = createChannelSenders({ smtp: smtpSettings(smtp.port) });
    await sendToContact(channels, input(alice));
    await sendToContact(channels, input(alice));
    const ids = smtp.mail.map((mail) => /Message-ID: (<[^>]+>)/.exec(mail.raw)?.[1]);
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
  });

  it('fails for good when the server rejects the recipient', async () => {
    const smtp = await start({
      authOptional: true,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      },
    });
    const channels = createChannelSenders({ smtp: smtpSettings(smtp.port) });
    const error = await deliveryError(sendToContact(channels, input(alice)));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^SMTP 550 on RCPT TO: 550 No such user here/);
    expect(smtp.mail).toHaveLength(0);
  });

  it('retries when the server defers the recipient (greylisting)', async () => {
    const smtp = await start({
      authOptional: true,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Greylisted, try later'), { responseCode: 450 }));
      },
    });
    const channels = createChannelSenders({ smtp: smtpSettings(smtp.port) });
    const error = await deliveryError(sendToContact(channels, input(alice)));
    expect(error.retryable).toBe(true);
  });

  it('fails for good on a wrong password and never reports the password', async () => {
    const smtp = await start({
      onAuth(_auth, _session, callback) {
        callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      },
    });
    const settings = smtpSettings(smtp.port, { username: 'nines', password: { env: 'SMTP_PASSWORD' } });
    const error = await deliveryError(sendToContact(createChannelSenders({ smtp: settings }), input(alice)));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('535');
    expect(error.message).not.toContain('smtp-pass-word');
  });

  it('refuses to send in clear text when STARTTLS is required but not offered', async () => {
    const smtp = await start({ authOptional: true });
    const settings = smtpSettings(smtp.port, { startTls: 'always' });
    const error = await deliveryError(sendToContact(createChannelSenders({ smtp: settings }), input(alice)));
    expect(error.retryable).toBe(false);
    expect(smtp.mail).toHaveLength(0);
  });

  it('retries when the SMTP server is down', async () => {
    const channels = createChannelSenders({ smtp: smtpSettings(await closedPort()) });
    const error = await deliveryError(sendToContact(channels, input(alice)));
    expect(error.retryable).toBe(true);
  });

  it('times out on a server that accepts the connection and never greets', async () => {
    const silent = createTcpServer(() => {});
    const port = await listen(silent);
    try {
      const channels = createChannelSenders({ smtp: smtpSettings(port), timeoutMs: 200 });
      const error = await deliveryError(sendToContact(channels, input(alice)));
      expect(error.retryable).toBe(true);
    } finally {
      silent.close();
    }
  });

  it('fails for good when no SMTP server is configured', async () => {
    const error = await deliveryError(sendToContact(createChannelSenders(), input(alice)));
    expect(error).toMatchObject({ retryable: false, message: 'e-mail is not configured (no SMTP server)' });
  });
});
