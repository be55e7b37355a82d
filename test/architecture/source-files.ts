import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const srcDir = join(import.meta.dirname, '..', '..', 'src');

/** Folders under src/ that hold test helpers only; production code never imports them. */
export const testHelperDirs = ['testing'];

/** Every production source file under src/, relative to src/ (`paging/ingest-alerts.ts`): no tests, no test helpers. */
export function productionFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return walk(srcDir)
    .map((file) => relative(srcDir, file).split('\\').join('/'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !testHelperDirs.includes(file.split('/')[0] ?? ''));
}

export function readSource(file: string): string {
  return readFileSync(join(srcDir, file), 'utf8');
}

/** The module a file belongs to: its first folder under src/, or `(root)` for main.ts, app.ts, hooks.ts. */
export function moduleOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 1 ? (parts[0] as string) : '(root)';
}
