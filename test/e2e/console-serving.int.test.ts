import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CONSOLE, fakeConsoleBuild } from '../../src/testing/console-fixtures.ts';
import {
  coreCatalog,
  type ServerProcess,
  scratchDir,
  startServer,
  writeConfig,
} from '../../src/testing/nines-process.ts';

// `nines serve` with NINES_CONSOLE_DIR, as a browser reaches it: deep links, compressed assets, the API beside.

/** One raw HTTP exchange (fetch would decompress and hide what was sent). */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the console from a running server', () => {
  const build = fakeConsoleBuild();
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({
      configDir: writeConfig({ 'catalog.yaml': coreCatalog }),
      dataDir: scratchDir('console'),
      env: { NINES_CONSOLE_DIR: build.dir },
    });
  });
  afterAll(async () => {
    await server?.stop();
    build.remove();
  });

  it('answers a deep link with index.html and assets compressed as asked, byte for byte', async () => {
    const page = await fetch(`${server.url}/incidents/3`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(FAKE_CONSOLE.indexHtml);
    const br = await raw(`${server.url}/assets/app-1a2b3c.js`, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await raw(`${server.url}/assets/app-1a2b3c.js`);
    expect(plain.body.toString()).toBe(FAKE_CONSOLE.appJs);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(FAKE_CONSOLE.appJs));
    const head = await raw(`${server.url}/settings`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('keeps the API answering JSON beside it', async () => {
    const api = await fetch(`${server.url}/api/v1/nothing`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });
});
