import { ensureConsole } from '../../scripts/build-web.ts';

/**
 * Vitest global setup: builds the console (web/dist) when it is missing or older than its sources, so
 * `npm ci && npm test` on a clean clone serves the console the browser tests drive. A few seconds when
 * stale, a hash of the inputs otherwise.
 */
export default async function setup(): Promise<void> {
  // Vitest sets NODE_ENV=test and Vite keeps a NODE_ENV it finds: React would be bundled in its
  // development build (twice the size, slower). Tests drive what users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    if (await ensureConsole({ quiet: true }))
      process.stderr.write('console: built web/dist (it was missing or stale)\n');
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
