import { join } from 'node:path';
import { buildDist } from '../scripts/build.ts';
import { buildState } from '../scripts/dist-stamp.js';
import { measureServe, type ServeFigures } from './footprint.bench.ts';
import { ms } from './format.ts';
import { machineInfo, median } from './stats.ts';

const root = join(import.meta.dirname, '..');

export interface RuntimeFigures {
  runs: number;
  idleMs: number;
  tsx: ServeFigures[];
  dist: ServeFigures[];
}

/** Builds dist/ unless it is current: the comparison must run the sources as they are. */
export function ensureDist(): boolean {
  if (buildState(root) === 'current') return false;
  buildDist({ quiet: true });
  return true;
}

/**
 * `nines serve` with an empty config on the embedded database, run through tsx (TypeScript compiled at start)
 * and from the compiled build, `runs` times each, alternating so drifting machine load falls on both.
 */
export async function benchRuntimes(options: { runs: number; idleMs: number }): Promise<RuntimeFigures> {
  ensureDist();
  const figures: RuntimeFigures = { runs: options.runs, idleMs: options.idleMs, tsx: [], dist: [] };
  for (let run = 0; run < options.runs; run++) {
    for (const runtime of run % 2 === 0 ? (['tsx', 'dist'] as const) : (['dist', 'tsx'] as const)) {
      figures[runtime].push(await measureServe({ idleMs: options.idleMs, env: { NINES_RUNTIME: runtime } }));
    }
  }
  return figures;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Both runtimes' medians, every run, and the ratio compiled / tsx. */
export function formatRuntimes(f: RuntimeFigures): string[] {
  const line = (runtime: 'tsx' | 'dist', label: string) => {
    const runs = f[runtime];
    return `   ${`${label}:`.padEnd(18)} spawn → /readyz median ${ms(median(runs.map((r) => r.startToReadyMs)))} (${runs.map((r) => ms(r.startToReadyMs)).join(', ')}); idle RSS median ${mb(median(runs.map((r) => r.idleRssBytes)))} (${runs.map((r) => mb(r.idleRssBytes)).join(', ')}); idle CPU median ${median(runs.map((r) => r.idleCpuPercent)).toFixed(2)} %`;
  };
  const ratio = (pick: (r: ServeFigures) => number) =>
    (median(f.dist.map(pick)) / median(f.tsx.map(pick))).toFixed(2);
  return [
    line('tsx', 'tsx (sources)'),
    line('dist', 'compiled (dist/)'),
    `   compiled / tsx: start ${ratio((r) => r.startToReadyMs)}×, idle RSS ${ratio((r) => r.idleRssBytes)}×`,
  ];
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const runs = Number(process.env.NINES_BENCH_RUNS ?? 5);
  const idleMs = Number(process.env.NINES_BENCH_IDLE_MS ?? 5_000);
  const figures = await benchRuntimes({ runs, idleMs });
  console.log(
    [
      `nines serve, empty config, embedded database, ${runs} runs each alternating, ${idleMs / 1000} s idle: ${machineInfo()}`,
      ...formatRuntimes(figures),
    ].join('\n'),
  );
}
