import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The sink address the example config's webhook contacts name (examples/demo/oncall.yaml, teams.yaml).
 * `nines demo` never listens there: it rewrites it to its own sink's address and secret path.
 */
export const EXAMPLE_SINK_URL = 'http://127.0.0.1:9099';

/**
 * Copies the demo config directory `fromDir` to `toDir`, pointing every webhook contact at this run's
 * sink (`sinkBaseUrl`, e.g. `http://127.0.0.1:41234/<secret>`) instead of the example address.
 */
export function writeDemoConfig(options: { fromDir: string; toDir: string; sinkBaseUrl: string }): void {
  mkdirSync(options.toDir, { recursive: true });
  for (const entry of readdirSync(options.fromDir, { withFileTypes: true })) {
    const from = join(options.fromDir, entry.name);
    const to = join(options.toDir, entry.name);
    if (entry.isDirectory()) {
      writeDemoConfig({ ...options, fromDir: from, toDir: to });
    } else if (entry.isFile()) {
      const text = readFileSync(from, 'utf8');
      writeFileSync(
        to,
        /\.ya?ml$/.test(entry.name) ? text.replaceAll(EXAMPLE_SINK_URL, options.sinkBaseUrl) : text,
      );
    }
  }
}
