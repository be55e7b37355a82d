/**
 * Compiles the server and CLI (src/, without tests and src/testing) to JavaScript in dist/ with tsc, copies
 * what the runtime reads from disk (SQL migrations), and writes a stamp of the inputs last, so `bin/nines.js`
 * runs the build only when it is complete and built from the sources as they are now.
 *
 *   tsx scripts/build.ts              build dist/
 *   tsx scripts/build.ts --if-stale   build only when dist/ is missing or older than the sources
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInputsHash, buildState, STAMP_FILE } from './dist-stamp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Builds into `outDir` (default dist/; tests pass a folder of their own inside the checkout, where Node still
 * finds node_modules and the package root).
 */
export function buildDist(options: { outDir?: string; quiet?: boolean } = {}): void {
  const outDir = options.outDir ?? join(root, 'dist');
  // Hashed before compiling: a source edited during the build leaves the build stale, not falsely current.
  const hash = buildInputsHash(root);
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: root,
    stdio: 'inherit',
  });
  // storage/migrate.ts reads these next to itself (new URL('./migrations/…', import.meta.url)).
  cpSync(join(root, 'src', 'storage', 'migrations'), join(outDir, 'storage', 'migrations'), {
    recursive: true,
  });
  writeFileSync(join(outDir, STAMP_FILE), `${hash}\n`);
  if (!options.quiet)
    console.log(
      `server: compiled src/ → ${relative(root, outDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv.includes('--if-stale') || buildState(root) !== 'current') buildDist();
}
