/**
 * Builds the console (web/) into web/dist with Vite, then writes a `.gz` and a `.br` beside every text file
 * so the server sends prepared compressed bytes, and a stamp of the inputs it was built from.
 *
 *   tsx scripts/build-web.ts              build now
 *   tsx scripts/build-web.ts --if-stale   build only when the inputs changed since the last build
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const dist = join(web, 'dist');
const stampFile = join(dist, '.build-stamp');

/** Everything the build reads: the console's sources, its config, the API types and the locked packages. */
function inputs(): string[] {
  const files = [
    join(web, 'index.html'),
    join(web, 'vite.config.ts'),
    join(root, 'src', 'api-client', 'schema.ts'),
    join(root, 'package-lock.json'),
  ];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(join(web, 'src'));
  return files.sort();
}

/** A hash of the inputs' paths and contents (not times: a fresh clone has new times, the same contents). */
export function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of inputs()) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function isStale(): boolean {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(stampFile)) return true;
  return readFileSync(stampFile, 'utf8').trim() !== inputsHash();
}

const compressible = /\.(html|js|mjs|css|svg|json|txt|map|webmanifest)$/;

function compressAll(dir: string): { files: number; raw: number; gzip: number; brotli: number } {
  const totals = { files: 0, raw: 0, gzip: 0, brotli: 0 };
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (compressible.test(entry.name)) {
        const bytes = readFileSync(path);
        const gz = gzipSync(bytes, { level: 9 });
        const br = brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        });
        writeFileSync(`${path}.gz`, gz);
        writeFileSync(`${path}.br`, br);
        totals.files++;
        totals.raw += bytes.length;
        totals.gzip += gz.length;
        totals.brotli += br.length;
      }
    }
  };
  walk(dir);
  return totals;
}

export async function buildConsole(options: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import('vite');
  const hash = inputsHash();
  // Vite keeps a NODE_ENV it finds (Vitest sets `test`): React would be bundled in its development build,
  // twice the size and slower. The console is always built as users get it.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(web, 'vite.config.ts'),
      mode: 'production',
      logLevel: options.quiet ? 'warn' : 'info',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const totals = compressAll(dist);
  writeFileSync(stampFile, `${hash}\n`);
  if (!options.quiet) {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `console: ${totals.files} files, ${kb(totals.raw)} raw, ${kb(totals.gzip)} gzip, ${kb(totals.brotli)} brotli → ${relative(root, dist)}`,
    );
  }
}

/** Builds when missing or stale; answers whether it built. */
export async function ensureConsole(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (!isStale()) return false;
  await buildConsole(options);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale) {
    if (await ensureConsole()) console.log('console: built (it was missing or stale)');
  } else {
    await buildConsole();
  }
}
