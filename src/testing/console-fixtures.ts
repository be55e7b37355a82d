import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** What the fake build holds, to compare responses with. */
export const FAKE_CONSOLE = {
  indexHtml:
    '<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body><div id="root"></div></body></html>',
  appJs: 'console.log("nines console");\n'.repeat(40),
  css: 'body { margin: 0 }\n',
  favicon: '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

/**
 * A small console build in a temp folder, shaped like `npm run build:web` writes it: index.html and hashed
 * assets, each with `.gz` and `.br` siblings (the CSS with `.gz` only), a top-level favicon and the
 * build's stamp.
 */
export function fakeConsoleBuild(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'nines-console-'));
  mkdirSync(join(dir, 'assets'));
  const write = (path: string, text: string, codings: Array<'gz' | 'br'>) => {
    writeFileSync(join(dir, path), text);
    if (codings.includes('gz')) writeFileSync(join(dir, `${path}.gz`), gzipSync(text));
    if (codings.includes('br')) writeFileSync(join(dir, `${path}.br`), brotliCompressSync(text));
  };
  write('index.html', FAKE_CONSOLE.indexHtml, ['gz', 'br']);
  write('assets/app-1a2b3c.js', FAKE_CONSOLE.appJs, ['gz', 'br']);
  write('assets/style-9f8e7d.css', FAKE_CONSOLE.css, ['gz']);
  write('favicon.svg', FAKE_CONSOLE.favicon, []);
  write('.build-stamp', 'inputs-hash\n', []);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
