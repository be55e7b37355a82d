import { ensureConsole } from '../../scripts/build-web.ts';

/**
 * Vitest global setup: builds the console (web/dist) when it is missing or older than its sources, so
 * `npm ci && npm test` on a clean clone serves the console the browser tests drive. A few seconds when
 * stale, a hash of the inputs otherwise.
 */
export default async function setup(): Promise<void> {
  // The build forces production mode itself (Vitest sets NODE_ENV=test): tests drive what users get.
  if (await ensureConsole({ quiet: true }))
    process.stderr.write('console: built web/dist (it was missing or stale)\n');
}
