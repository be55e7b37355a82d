import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../config/config.ts';
import { FAKE_CONSOLE, fakeConsoleBuild } from '../testing/console-fixtures.ts';
import { expectJson } from '../testing/paging-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { pickCoding } from './console.ts';
import type { ErrorBody } from './errors.ts';

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('the console served by the app', () => {
  const build = fakeConsoleBuild();
  let t: TestApp;
  beforeAll(async () => {
    const config = resolveRuntimeConfig({ NINES_CONSOLE_DIR: build.dir });
    t = await createTestApp({ consoleDir: config.consoleDir });
  });
  afterAll(async () => {
    await t.close();
    build.remove();
  });
  const get = (path: string, headers: Record<string, string> = {}) =>
    t.call('GET', path, { token: null, headers });

  it('answers every deep link with index.html, never cached without revalidation', async () => {
    for (const path of [
      '/',
      '/services',
      '/services/payment',
      '/slos/x',
      '/pages/12',
      '/incidents/3',
      '/postmortems/3',
      '/oncall',
      '/reports',
      '/settings',
      '/a/b/c?tab=2',
      '/statuses',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await response.text()).toBe(FAKE_CONSOLE.indexHtml);
    }
  });

  it('serves assets exactly, immutable, with their content type', async () => {
    const js = await get('/assets/app-1a2b3c.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBeNull();
    expect(js.headers.get('vary')).toBe('Accept-Encoding');
    expect(await js.text()).toBe(FAKE_CONSOLE.appJs);
    const css = await get('/assets/style-9f8e7d.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toBe(FAKE_CONSOLE.css);
    // The build's stamp is not served: the path is a deep link like any other.
    expect(await (await get('/.build-stamp')).text()).toBe(FAKE_CONSOLE.indexHtml);
    const icon = await get('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toBe(FAKE_CONSOLE.favicon);
  });

  it('sends the precompressed sibling the client prefers', async () => {
    const br = await get('/assets/app-1a2b3c.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(await bytes(br)).toString()).toBe(FAKE_CONSOLE.appJs);
    const gz = await get('/assets/app-1a2b3c.js', { 'accept-encoding': 'br;q=0.5, gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gz)).toString()).toBe(FAKE_CONSOLE.appJs);
    const plain = await get('/assets/app-1a2b3c.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(FAKE_CONSOLE.appJs);
    // The CSS has only a .gz sibling.
    const css = await get('/assets/style-9f8e7d.css', { 'accept-encoding': 'br' });
    expect(css.headers.get('content-encoding')).toBeNull();
    const index = await get('/incidents/3', { 'accept-encoding': 'br' });
    expect(index.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(await bytes(index)).toString()).toBe(FAKE_CONSOLE.indexHtml);
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    const first = await get('/', { 'accept-encoding': 'gzip' });
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    // Another coding is another representation.
    expect((await get('/', { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await t.call('HEAD', '/services/payment', { token: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('');
  });

  it('answers a missing asset with 404, not index.html', async () => {
    const body = await expectJson<ErrorBody>(await get('/assets/app-000000.js'), 404);
    expect(body.error.code).toBe('not_found');
  });

  it('refuses traversal, encoded slashes and NUL in asset paths', async () => {
    for (const path of [
      '/assets/..%2Findex.html',
      '/assets/%2E%2E%2Fpackage.json',
      '/assets/app-1a2b3c.js%00',
      '/assets/..%5Cindex.html',
      '/assets/./app-1a2b3c.js.br',
      '/assets/app-1a2b3c.js.br',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('application/json');
    }
    // URLs resolve dot segments (even encoded ones) before routing: this one names /package.json, a deep link.
    const resolved = await get('/assets/%2e%2e/%2e%2e/package.json');
    expect(await resolved.text()).toBe(FAKE_CONSOLE.indexHtml);
  });

  it('leaves the API and the server’s own pages alone', async () => {
    const api = await get('/api/v1/nothing-here');
    expect(api.status).toBe(401);
    const unknownApi = await expectJson<ErrorBody>(await t.call('GET', '/api/v1/nothing-here'), 404);
    expect(unknownApi.error.code).toBe('not_found');
    expect((await get('/api/elsewhere')).status).toBe(404);
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/metrics')).headers.get('content-type')).toContain('text/plain');
    expect((await get('/status.json')).headers.get('content-type')).toContain('application/json');
    for (const path of ['/status/nothing', '/status.txt', '/ack/nothing', '/readyz/x', '/metrics/x']) {
      const response = await get(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(await response.text(), path).not.toBe(FAKE_CONSOLE.indexHtml);
    }
    expect((await t.call('POST', '/services', { token: null, body: {} })).status).toBe(404);
  });
});

describe('without a console build', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ consoleDir: '/nonexistent/nines-console' });
  });
  afterAll(() => t.close());

  it('says the console is not built and how to build it, while the API keeps working', async () => {
    for (const path of ['/', '/services/payment']) {
      const response = await t.call('GET', path, { token: null });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('npm run build:web');
    }
    expect((await t.call('GET', '/api/v1/services')).status).toBe(200);
    expect((await t.call('GET', '/assets/app.js', { token: null })).status).toBe(404);
  });
});

describe('pickCoding', () => {
  const both = ['identity', 'br', 'gzip'] as const;
  it('follows the client’s q-values and prefers br on a tie', () => {
    expect(pickCoding(undefined, both)).toBe('identity');
    expect(pickCoding('gzip, br', both)).toBe('br');
    expect(pickCoding('gzip;q=1, br;q=0.8', both)).toBe('gzip');
    expect(pickCoding('*', both)).toBe('br');
    expect(pickCoding('*;q=0.5, br;q=0', both)).toBe('gzip');
    expect(pickCoding('identity', both)).toBe('identity');
    expect(pickCoding('br', ['identity', 'gzip'])).toBe('identity');
  });
});

describe('NINES_CONSOLE_DIR', () => {
  it('defaults to web/dist of the package, wherever the server is started from', () => {
    const { consoleDir } = resolveRuntimeConfig({});
    expect(consoleDir.endsWith('/web/dist')).toBe(true);
    expect(consoleDir.startsWith('/')).toBe(true);
  });
});
