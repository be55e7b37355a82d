import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prepareBody } from './status-snapshots.ts';

const page = `<!doctype html><p>Déjà vu</p>${'<li class="bar up" title="2026-03-01: 100 % uptime"></li>'.repeat(90)}`;

describe('prepareBody', () => {
  it('holds three codings that each decode to exactly the page', () => {
    const body = prepareBody(page);
    expect(Buffer.from(body.identity.bytes).toString('utf8')).toBe(page);
    expect(gunzipSync(body.gzip.bytes).toString('utf8')).toBe(page);
    expect(brotliDecompressSync(body.br.bytes).toString('utf8')).toBe(page);
    // The repeated bars compress well; brotli beats gzip's best.
    expect(body.br.bytes.byteLength).toBeLessThan(body.gzip.bytes.byteLength);
    expect(body.gzip.bytes.byteLength * 10).toBeLessThan(body.identity.bytes.byteLength);
  });

  it('gives each representation its own strong ETag', () => {
    const body = prepareBody(page);
    const tags = [body.identity.etag, body.gzip.etag, body.br.etag];
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) expect(tag).toMatch(/^"[\w-]+"$/);
  });

  it('reuses the previous bytes for the same page and prepares new ones for a changed page', () => {
    const first = prepareBody(page);
    expect(prepareBody(page, first)).toBe(first);
    const changed = prepareBody(`${page}<p>Checkout is down</p>`, first);
    expect(changed).not.toBe(first);
    expect(changed.identity.etag).not.toBe(first.identity.etag);
    expect(changed.br.etag).not.toBe(first.br.etag);
    expect(brotliDecompressSync(changed.br.bytes).toString('utf8')).toContain('Checkout is down');
  });
});
