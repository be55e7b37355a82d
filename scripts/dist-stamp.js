// Plain JavaScript: bin/nines.js reads it before it knows whether tsx is needed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The file in a build's folder holding the hash of the inputs it was built from; written last. */
export const STAMP_FILE = '.build-stamp';

/** What the compiled build is made of: production sources (no tests, no src/testing), migrations, compiler settings. */
export function buildInputs(root) {
  const src = join(root, 'src');
  const files = [join(root, 'package.json'), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(src, 'testing')) walk(path);
      } else if (/\.(ts|sql)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(src);
  return files.sort();
}

/** A hash of the inputs' paths and contents (not times: a fresh clone has new times, the same contents). */
export function buildInputsHash(root) {
  const hash = createHash('sha256');
  for (const file of buildInputs(root)) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Whether the build in `outDir` can run: `missing` (never built, or a build that did not finish),
 * `stale` (built from other sources than the ones here), or `current` (built from these sources, or no
 * sources are here to compare with: an install that ships only the build).
 */
export function buildState(root, outDir = join(root, 'dist')) {
  const stamp = join(outDir, STAMP_FILE);
  if (!existsSync(stamp) || !existsSync(join(outDir, 'cli', 'bin.js'))) return 'missing';
  if (!existsSync(join(root, 'src', 'cli', 'bin.ts'))) return 'current';
  return readFileSync(stamp, 'utf8').trim() === buildInputsHash(root) ? 'current' : 'stale';
}

/**
 * Which runtime `nines` uses. `NINES_RUNTIME` unset (or `auto`): the build when current, else the sources
 * through tsx. `dist`: the build, refused when missing or stale (never old code). `tsx`: the sources.
 * Answers `{ runtime }`, plus a `note` when auto mode passes over a stale build, or an `error`.
 */
export function chooseRuntime(root, requested = 'auto') {
  const mode = requested === '' ? 'auto' : requested;
  if (mode === 'tsx') return { runtime: 'tsx' };
  if (mode !== 'auto' && mode !== 'dist')
    return { error: `NINES_RUNTIME must be auto, dist or tsx, got "${requested}"` };
  const state = buildState(root);
  if (state === 'current') return { runtime: 'dist' };
  if (mode === 'dist')
    return {
      error: `NINES_RUNTIME=dist but the build in dist/ is ${state === 'missing' ? 'missing' : 'older than the sources'}: run npm run build`,
    };
  if (state === 'stale')
    return {
      runtime: 'tsx',
      note: 'dist/ is older than the sources: running them through tsx (npm run build)',
    };
  return { runtime: 'tsx' };
}
