#!/usr/bin/env node
// Runs the compiled build (dist/, `npm run build`) when it was built from the sources as they are now, else
// the TypeScript sources through tsx: a fresh clone works with no build step and old code never runs.
// NINES_RUNTIME=dist|tsx forces one (docs/decisions/0006-compiled-build.md).
import { fileURLToPath } from 'node:url';
import { chooseRuntime } from '../scripts/dist-stamp.js';

const choice = chooseRuntime(fileURLToPath(new URL('..', import.meta.url)), process.env.NINES_RUNTIME);
if (choice.error) {
  process.stderr.write(`nines: ${choice.error}\n`);
  process.exit(2);
}
// Only a person at a terminal gets the note; scripts and logs see the same output either way.
if (choice.note && process.stderr.isTTY) process.stderr.write(`nines: ${choice.note}\n`);
if (choice.runtime === 'dist') {
  await import('../dist/cli/bin.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/bin.ts');
}
