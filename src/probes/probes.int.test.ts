import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { DAY_MS } from '../core/duration.ts';
import type { HttpCheck } from '../specs/index.ts';
import { type DnsResponder, startDnsResponder } from '../testing/dns-responder.ts';
import { makeProbe } from '../testing/probe-fixtures.ts';
import { hasOpenssl, makeSelfSignedCert } from '../testing/self-signed-cert.ts';
import { runProbe } from './index.ts';

const clock = new FakeClock('2030-01-01T00:00:00Z');

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('http probes', () => {
  let baseUrl = '';
  let flakyHits = 0;
  let requestArrived = deferred();
  let releaseResponse = deferred();
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => unknown> = {
    '/ok': (_request, response) => response.end('all ok'),
    '/down': (_request, response) => response.writeHead(503).end('down'),
    '/json': (_request, response) => response.end(JSON.stringify({ status: 'down', checks: [{ ok: true }] })),
    '/echo': async (request, response) => {
      response.end(`${request.method} ${request.headers['x-probe']} ${await readText(request)}`);
    },
    '/flaky': (_request, response) => {
      flakyHits += 1;
      response.writeHead(flakyHits === 1 ? 503 : 200).end();
    },
    '/large': (_request, response) => response.end(`${'a'.repeat(2 * 1024 * 1024)}needle`),
    '/gated': async (_request, response) => {
      requestArrived.resolve();
      await releaseResponse.promise;
      response.end('late');
    },
    '/hang': () => requestArrived.resolve(),
  };
  const server = createHttpServer((request, response) => routes[request.url ?? '']?.(request, response));
  const check = (path: string, options: Partial<HttpCheck> = {}): HttpCheck => ({
    kind: 'http',
    url: `${baseUrl}${path}`,
    method: 'GET',
    headers: {},
    expectStatus: [200, 204],
    insecureSkipVerify: false,
    ...options,
  });

  beforeAll(async () => {
    baseUrl = `http://127.0.0.1:${await listen(server)}`;
  });
  afterEach(() => {
    flakyHits = 0;
    requestArrived = deferred();
    releaseResponse = deferred();
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('passes a healthy endpoint and reports its status', async () => {
    const result = await runProbe(makeProbe(check('/ok', { bodyContains: 'ok', maxResponseMs: 60_000 })), {
      clock,
    });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1, startedAtMs: clock.now() });
    expect(result.error).toBeUndefined();
  });

  it('sends the method, headers and body', async () => {
    const echo = check('/echo', { method: 'POST', headers: { 'x-probe': 'yes' }, body: 'ping' });
    const result = await runProbe(makeProbe({ ...echo, bodyContains: 'POST yes ping' }), { clock });
    expect(result).toMatchObject({ ok: true, status: 200 });
  });

  it('fails a status outside expectStatus', async () => {
    const result = await runProbe(makeProbe(check('/down')), { clock });
    expect(result).toMatchObject({ ok: false, status: 503, error: 'status 503 not in [200, 204]' });
  });

  it('fails a response slower than maxResponseMs', async () => {
    // The server holds its answer until released; the latency clock moves 812 ms meanwhile.
    let measuredMs = 1_000;
    const measure = vi.spyOn(performance, 'now').mockImplementation(() => measuredMs);
    try {
      const run = runProbe(makeProbe(check('/gated', { maxResponseMs: 500 })), { clock });
      await requestArrived.promise;
      measuredMs += 812;
      releaseResponse.resolve();
      expect(await run).toMatchObject({
        ok: false,
        status: 200,
        latencyMs: 812,
        error: 'response took 812 ms > 500 ms limit',
      });
    } finally {
      measure.mockRestore();
    }
  });

  it('fails a body without the expected text, reading at most 1 MiB of it', async () => {
    expect(await runProbe(makeProbe(check('/ok', { bodyContains: 'healthy' })), { clock })).toMatchObject({
      ok: false,
      error: 'body does not contain "healthy"',
    });
    expect(await runProbe(makeProbe(check('/large', { bodyContains: 'needle' })), { clock })).toMatchObject({
      ok: false,
      error: 'body does not contain "needle" (in the part read)',
    });
  });

  it('checks a JSON path against the expected value', async () => {
    const up = check('/json', { jsonPath: { path: '$.status', equals: 'up' } });
    const firstCheck = check('/json', { jsonPath: { path: '$.checks[0]', equals: { ok: true } } });
    const notJson = check('/ok', { jsonPath: { path: '$.status', equals: 'up' } });
    expect(await runProbe(makeProbe(up), { clock })).toMatchObject({
      ok: false,
      error: '$.status is "down", expected "up"',
    });
    expect(await runProbe(makeProbe(firstCheck), { clock })).toMatchObject({ ok: true });
    expect(await runProbe(makeProbe(notJson), { clock })).toMatchObject({
      ok: false,
      error: 'body is not JSON (needed for $.status)',
    });
  });

  it('retries a failed attempt and reports the attempt that passed', async () => {
    const result = await runProbe(makeProbe(check('/flaky'), { retries: 1 }), { clock });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 });
  });

  it('reports the last failure after using every retry', async () => {
    const result = await runProbe(makeProbe(check('/down'), { retries: 2 }), { clock });
    expect(result).toMatchObject({ ok: false, attempts: 3, error: 'status 503 not in [200, 204]' });
  });

  it('times out a server that never answers', async () => {
    const result = await runProbe(makeProbe(check('/hang'), { timeoutMs: 300 }), { clock });
    expect(result).toMatchObject({ ok: false, attempts: 1, error: 'timed out after 300 ms' });
  });

  it('rejects with the abort reason when the caller cancels, instead of recording a failure', async () => {
    const controller = new AbortController();
    const run = runProbe(makeProbe(check('/hang')), { clock, signal: controller.signal });
    await requestArrived.promise;
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('throws for a URL the loader should have rejected', async () => {
    await expect(
      runProbe(makeProbe(check('', { url: 'ftp://127.0.0.1/' })), { clock }),
    ).rejects.toMatchObject({
      code: 'invalid_config',
    });
  });
});

const opensslMissing = !hasOpenssl();
const componentsRequired = Boolean(process.env.CI || process.env.NINES_REQUIRE_COMPONENTS);
if (opensslMissing && !componentsRequired) {
  console.warn('Skipping HTTPS certificate probe tests: the openssl CLI is not installed.');
}

describe.skipIf(opensslMissing && !componentsRequired)('https probes', () => {
  let url = '';
  let server: Server | undefined;
  const secureCheck = (options: Partial<HttpCheck>): HttpCheck => ({
    kind: 'http',
    url,
    method: 'GET',
    headers: {},
    expectStatus: [200],
    insecureSkipVerify: true,
    ...options,
  });

  beforeAll(async () => {
    if (opensslMissing)
      throw new Error('openssl is required for the HTTPS probe tests (CI or NINES_REQUIRE_COMPONENTS)');
    server = createHttpsServer(makeSelfSignedCert(10), (_request, response) => response.end('secure'));
    url = `https://127.0.0.1:${await listen(server)}/`;
  });
  afterAll(() => {
    server?.close();
  });

  it('passes minCertDays 5 on a certificate valid for 10 days, with 9 whole days left', async () => {
    const result = await runProbe(makeProbe(secureCheck({ minCertDays: 5 })), {
      clock: new FakeClock(Date.now()),
    });
    expect(result).toMatchObject({ ok: true, status: 200, certDaysLeft: 9 });
  });

  it('fails minCertDays 30 with the days left', async () => {
    const result = await runProbe(makeProbe(secureCheck({ minCertDays: 30 })), {
      clock: new FakeClock(Date.now()),
    });
    expect(result).toMatchObject({
      ok: false,
      certDaysLeft: 9,
      error: 'certificate expires in 9 days (< 30)',
    });
  });

  it('counts days from the clock it is given', async () => {
    const eightDaysOn = new FakeClock(Date.now() + 8 * DAY_MS);
    const result = await runProbe(makeProbe(secureCheck({ minCertDays: 5 })), { clock: eightDaysOn });
    expect(result).toMatchObject({ ok: false, certDaysLeft: 1, error: 'certificate expires in 1 day (< 5)' });
  });

  it('rejects an untrusted certificate unless insecureSkipVerify is set', async () => {
    const result = await runProbe(makeProbe(secureCheck({ insecureSkipVerify: false })), { clock });
    expect(result).toMatchObject({ ok: false, error: 'self-signed certificate' });
  });
});

describe('tcp probes', () => {
  it('passes when the port accepts a connection', async () => {
    const listener = createTcpServer((socket) => socket.destroy());
    const port = await listen(listener);
    try {
      const result = await runProbe(makeProbe({ kind: 'tcp', host: '127.0.0.1', port }), { clock });
      expect(result).toMatchObject({ ok: true, attempts: 1 });
    } finally {
      listener.close();
    }
  });

  it('fails with ECONNREFUSED on a closed port', async () => {
    const closed = createTcpServer();
    const port = await listen(closed);
    closed.close();
    await once(closed, 'close');
    const result = await runProbe(makeProbe({ kind: 'tcp', host: '127.0.0.1', port }), { clock });
    expect(result).toMatchObject({ ok: false, error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});

describe('dns probes', () => {
  let responder: DnsResponder;
  const dnsProbe = (name: string, options: { expect?: string[]; recordType?: 'A' | 'AAAA' } = {}) =>
    makeProbe({ kind: 'dns', name, recordType: 'A', server: responder.server, ...options });

  beforeAll(async () => {
    responder = await startDnsResponder({ 'probe.nines.test': '10.1.2.3' });
  });
  afterAll(() => responder.close());

  it('passes when the name resolves to the expected address', async () => {
    const result = await runProbe(dnsProbe('probe.nines.test', { expect: ['10.1.2.3'] }), { clock });
    expect(result).toMatchObject({ ok: true, attempts: 1 });
  });

  it('fails when no answer is the expected one', async () => {
    const result = await runProbe(dnsProbe('probe.nines.test', { expect: ['10.9.9.9'] }), { clock });
    expect(result).toMatchObject({
      ok: false,
      error: 'A probe.nines.test answered 10.1.2.3, expected 10.9.9.9',
    });
  });

  it('fails for a name that does not exist', async () => {
    const result = await runProbe(dnsProbe('missing.nines.test'), { clock });
    expect(result).toMatchObject({ ok: false, error: 'missing.nines.test does not exist (NXDOMAIN)' });
  });

  it('fails when the name has no record of the asked type', async () => {
    const result = await runProbe(dnsProbe('probe.nines.test', { recordType: 'AAAA' }), { clock });
    expect(result).toMatchObject({ ok: false, error: 'no AAAA records for probe.nines.test' });
  });

  it('times out when the server never answers', async () => {
    const silent = createSocket('udp4');
    silent.bind(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const check = { kind: 'dns', name: 'probe.nines.test', recordType: 'A' } as const;
      const server = `127.0.0.1:${silent.address().port}`;
      const result = await runProbe(makeProbe({ ...check, server }, { timeoutMs: 300 }), { clock });
      expect(result).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
    } finally {
      silent.close();
    }
  });
});
