import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInputsHash, chooseRuntime, STAMP_FILE } from '../../scripts/dist-stamp.js';

// Which code `nines` (bin/nines.js) runs, on a miniature checkout: the compiled build only when it was built
// from the sources as they are now, so an edit never leaves old code running.

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A checkout with sources and, when `built`, a complete build stamped with their hash. */
function checkout(options: { built: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'nines-runtime-'));
  roots.push(root);
  write(root, 'package.json', '{"type":"module"}');
  write(root, 'tsconfig.json', '{}');
  write(root, 'tsconfig.build.json', '{}');
  write(root, 'src/cli/bin.ts', 'export {};');
  write(root, 'src/storage/migrations/sqlite/001_init.sql', 'CREATE TABLE t (id INTEGER);');
  write(root, 'src/cli/bin.test.ts', 'export {};');
  write(root, 'src/testing/harness.ts', 'export {};');
  if (options.built) {
    write(root, 'dist/cli/bin.js', 'export {};');
    write(root, `dist/${STAMP_FILE}`, `${buildInputsHash(root)}\n`);
  }
  return root;
}

describe('chooseRuntime', () => {
  it('runs the sources through tsx on a fresh clone (no build), and refuses NINES_RUNTIME=dist there', () => {
    const root = checkout({ built: false });
    expect(chooseRuntime(root)).toEqual({ runtime: 'tsx' });
    expect(chooseRuntime(root, 'dist').error).toBe(
      'NINES_RUNTIME=dist but the build in dist/ is missing: run npm run build',
    );
  });

  it('runs the build when it was built from these sources, whichever of auto and dist is asked', () => {
    const root = checkout({ built: true });
    expect(chooseRuntime(root)).toEqual({ runtime: 'dist' });
    expect(chooseRuntime(root, '')).toEqual({ runtime: 'dist' });
    expect(chooseRuntime(root, 'dist')).toEqual({ runtime: 'dist' });
    expect(chooseRuntime(root, 'tsx')).toEqual({ runtime: 'tsx' });
  });

  it('never runs a stale build: an edited source or migration falls back to tsx, and NINES_RUNTIME=dist refuses', () => {
    for (const path of [
      'src/cli/bin.ts',
      'src/storage/migrations/sqlite/001_init.sql',
      'tsconfig.build.json',
    ]) {
      const root = checkout({ built: true });
      write(root, path, '/* edited */');
      expect(chooseRuntime(root)).toEqual({
        runtime: 'tsx',
        note: 'dist/ is older than the sources: running them through tsx (npm run build)',
      });
      expect(chooseRuntime(root, 'dist').error).toBe(
        'NINES_RUNTIME=dist but the build in dist/ is older than the sources: run npm run build',
      );
    }
  });

  it('a new source file makes the build stale too', () => {
    const root = checkout({ built: true });
    write(root, 'src/core/new-module.ts', 'export const x = 1;');
    expect(chooseRuntime(root).runtime).toBe('tsx');
  });

  it('tests and the test harness are not part of the build: editing them keeps it current', () => {
    const root = checkout({ built: true });
    write(root, 'src/cli/bin.test.ts', '/* edited */');
    write(root, 'src/testing/harness.ts', '/* edited */');
    expect(chooseRuntime(root)).toEqual({ runtime: 'dist' });
  });

  it('a build that did not finish (no stamp, or no entry point) counts as missing', () => {
    const noStamp = checkout({ built: true });
    rmSync(join(noStamp, 'dist', STAMP_FILE));
    expect(chooseRuntime(noStamp)).toEqual({ runtime: 'tsx' });
    const noEntry = checkout({ built: true });
    rmSync(join(noEntry, 'dist', 'cli', 'bin.js'));
    expect(chooseRuntime(noEntry, 'dist').error).toContain('is missing');
  });

  it('an install that ships only the build (no src/) runs it', () => {
    const root = checkout({ built: true });
    rmSync(join(root, 'src'), { recursive: true });
    expect(chooseRuntime(root)).toEqual({ runtime: 'dist' });
  });

  it('names the variable and the allowed values when NINES_RUNTIME is misspelt', () => {
    const root = checkout({ built: true });
    expect(chooseRuntime(root, 'compiled')).toEqual({
      error: 'NINES_RUNTIME must be auto, dist or tsx, got "compiled"',
    });
  });
});
