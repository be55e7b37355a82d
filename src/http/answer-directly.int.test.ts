import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../config/config.ts';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { type NinesHandle, startNines } from '../main.ts';
import { SNAPSHOT_MAX_AGE_MS } from '../status-page/index.ts';
import { writeConfig } from '../testing/nines-process.ts';

// The public status page is answered before the router once its snapshot is ready (answer-directly.ts).
// Over real HTTP: the direct answer must be the router's answer, byte for byte and header for header.

const config = {
  'catalog.yaml': `
apiVersion: nines.dev/v1
kind: Team
metadata: { name: shop }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: checkout-api }
spec: { owner: shop }
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: checkout-availability }
spec: { service: checkout-api, objective: 99.9, indicator: { events: {} } }
---
apiVersion: nines.dev/v1
kind: StatusPage
metadata: { name: public }
spec:
  title: Acme Status
  components:
    - { name: checkout, displayName: Checkout, services: [checkout-api] }
`,
};

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The bytes and headers as sent (fetch would decode the body and hide the coding). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, value]) => [name, String(value)]),
          ),
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** Headers that differ between any two responses, whichever path answers. */
const comparable = ({
  date: _date,
  'x-request-id': _id,
  connection: _c,
  'keep-alive': _k,
  ...rest
}: Raw['headers']) => rest;

describe('the status page answered from its prepared bytes', () => {
  const clock = new FakeClock('2026-03-02T12:00:00Z');
  let nines: NinesHandle;

  beforeAll(async () => {
    nines = await startNines({
      config: resolveRuntimeConfig(
        {},
        { configDir: writeConfig(config), port: '0', host: '127.0.0.1', dataDir: 'memory://' },
      ),
      logger: silentLogger,
      jobs: false,
      clock,
    });
  });
  afterAll(async () => {
    await nines?.close();
  });

  const requestsServed = async (route: string) => {
    const text = await (await fetch(`${nines.url}/metrics`)).text();
    const line = new RegExp(
      `^nines_http_requests_total\\{[^}]*route="${route.replace('.', '\\.')}"[^}]*method="GET"[^}]*\\} (\\d+)$`,
      'm',
    );
    return Number(line.exec(text)?.[1] ?? 0);
  };

  it.each([
    ['/status', 'gzip, br', 'br', 'text/html; charset=utf-8'],
    ['/status.json', 'gzip', 'gzip', 'application/json; charset=utf-8'],
    ['/status/feed.atom', '', undefined, 'application/atom+xml; charset=utf-8'],
  ])(
    '%s with Accept-Encoding "%s": the same status, headers and bytes as the router sends',
    async (path, accept, coding, type) => {
      clock.advance(SNAPSHOT_MAX_AGE_MS);
      // Due for a rebuild: the router answers (and rebuilds); the snapshot is then ready for the direct path.
      const routed = await get(`${nines.url}${path}`, { 'accept-encoding': accept });
      const direct = await get(`${nines.url}${path}`, { 'accept-encoding': accept });
      expect(routed.status).toBe(200);
      expect(direct.status).toBe(200);
      expect(direct.headers['content-type']).toBe(type);
      expect(direct.headers['content-encoding']).toBe(coding);
      expect(comparable(direct.headers)).toEqual(comparable(routed.headers));
      expect(direct.body.equals(routed.body)).toBe(true);
      expect(Number(direct.headers['content-length'])).toBe(direct.body.length);
    },
  );

  it('answers 304 to a matching If-None-Match, HEAD without a body, and echoes a sane request id', async () => {
    const first = await get(`${nines.url}/status`, { 'accept-encoding': 'br' });
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^".+-br"$/);
    const unchanged = await get(`${nines.url}/status`, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body.length).toBe(0);
    expect(unchanged.headers.etag).toBe(etag);
    const head = await get(`${nines.url}/status`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
    const withId = await get(`${nines.url}/status`, { 'x-request-id': 'trace-42' });
    expect(withId.headers['x-request-id']).toBe('trace-42');
    const badId = await get(`${nines.url}/status`, { 'x-request-id': 'has spaces' });
    expect(badId.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]+$/);
    expect(badId.headers['x-request-id']).not.toBe('has spaces');
  });

  it('counts every answered request in the metrics under the route pattern', async () => {
    await get(`${nines.url}/status`);
    const before = await requestsServed('/status');
    for (let i = 0; i < 3; i++) await get(`${nines.url}/status`);
    expect(await requestsServed('/status')).toBe(before + 3);
  });

  it('leaves a query string, other methods and a lookalike path to the router', async () => {
    await get(`${nines.url}/status`);
    const withQuery = await get(`${nines.url}/status?x=1`);
    expect(withQuery.status).toBe(200);
    const post = await get(`${nines.url}/status`, {}, 'POST');
    expect(post.status).toBe(404);
    const lookalike = await get(`${nines.url}/status/`);
    expect(lookalike.headers['content-type']).not.toBe('application/atom+xml; charset=utf-8');
  });
});
