import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  createToken,
  type ServerProcess,
  scratchDir,
  startServer,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import { createTestDatabase } from '../../src/testing/test-engines.ts';
import { mean, spread } from '../stats.ts';
import { startPeerAlertmanager } from './prometheus.ts';
import { cpuSeconds } from './tools.ts';

// Alert intake against Alertmanager: the same alerts (500 a request, half of them repeats of earlier
// ones, 4 requests in flight) sent to Alertmanager's `POST /api/v2/alerts` (kept in memory) and, as
// Alertmanager's webhook payload, to `nines serve` on the embedded database and on PostgreSQL (answered
// only once committed). The load comes from a separate process; runs alternate Nines, Alertmanager.

const run = promisify(execFile);
const loadScript = fileURLToPath(new URL('./alert-intake-load.mjs', import.meta.url));

export const ALERTS_PER_REQUEST = 500;
export const IN_FLIGHT = 4;
const RUNS = 2;
/** Requests per run: bounded; NINES_BENCH_INTAKE_REQUESTS shortens or lengthens a run. */
const REQUESTS = Number(process.env.NINES_BENCH_INTAKE_REQUESTS ?? 120);

export interface IntakeRun {
  alertsPerSecond: number;
  /** CPU-seconds of the server process (user + system) during the run. */
  cpuSeconds: number;
  /** On PostgreSQL: CPU-seconds of the server's connections (its backend processes) during the run. */
  databaseCpuSeconds?: number;
  alerts: number;
}

/** One engine's pass: Nines on that engine and Alertmanager, runs alternating. */
export interface IntakePass {
  nines: IntakeRun[];
  alertmanager: IntakeRun[];
}

export interface AlertIntakeFigures {
  sqlite?: IntakePass;
  postgres?: IntakePass;
}

interface LoadResult {
  alerts: number;
  seconds: number;
  failed: number;
  firstFailure?: string;
}

/** People, a schedule, a policy, a team, services and the `am` Integration the webhook names. */
export function ninesConfig(): string {
  const docs = [
    'apiVersion: nines.dev/v1\nkind: Person\nmetadata: { name: ana }\nspec:\n  contacts:\n    - webhook: { url: "http://127.0.0.1:9/ana" }',
    'apiVersion: nines.dev/v1\nkind: Schedule\nmetadata: { name: primary }\nspec:\n  layers:\n    - { name: l, participants: [ana], turn: 1w, start: "2026-01-05T09:00" }',
    'apiVersion: nines.dev/v1\nkind: EscalationPolicy\nmetadata: { name: default }\nspec:\n  levels:\n    - { ackTimeout: 5m, targets: [{ schedule: primary }] }',
    'apiVersion: nines.dev/v1\nkind: Team\nmetadata: { name: core }\nspec: { members: [ana], escalationPolicy: default }',
    'apiVersion: nines.dev/v1\nkind: Integration\nmetadata: { name: am }\nspec: { type: alertmanager }',
  ];
  for (let i = 0; i < 5; i++) {
    docs.push(
      `apiVersion: nines.dev/v1\nkind: Service\nmetadata: { name: svc-${i} }\nspec: { owner: core, tier: 2 }`,
    );
  }
  return docs.join('\n---\n');
}

async function drive(options: {
  url: string;
  token?: string;
  shape: 'v2' | 'webhook';
  seed: number;
  pid: number;
  requests?: number;
  /** CPU-seconds of each database backend serving the server so far, by pid. */
  databaseCpu?: (() => Promise<Map<number, number>>) | undefined;
}): Promise<IntakeRun> {
  const job = {
    url: options.url,
    token: options.token,
    shape: options.shape,
    requests: options.requests ?? REQUESTS,
    perRequest: ALERTS_PER_REQUEST,
    inFlight: IN_FLIGHT,
    seed: options.seed,
  };
  const databaseBefore = await options.databaseCpu?.();
  const cpuBefore = cpuSeconds(options.pid);
  const { stdout } = await run(process.execPath, [loadScript, JSON.stringify(job)], {
    maxBuffer: 1 << 20,
  });
  const serverCpu = cpuSeconds(options.pid) - cpuBefore;
  const databaseAfter = await options.databaseCpu?.();
  const result = JSON.parse(stdout) as LoadResult;
  if (result.failed > 0) throw new Error(`${result.failed} requests failed: ${result.firstFailure}`);
  const figures: IntakeRun = {
    alertsPerSecond: result.alerts / result.seconds,
    cpuSeconds: serverCpu,
    alerts: result.alerts,
  };
  if (databaseAfter) {
    // A connection opened during the run counts from zero; one closed during it is missed (the pool keeps
    // busy connections open).
    figures.databaseCpuSeconds = [...databaseAfter].reduce(
      (sum, [pid, seconds]) => sum + seconds - (databaseBefore?.get(pid) ?? 0),
      0,
    );
  }
  return figures;
}

/** CPU-seconds so far of every PostgreSQL backend connected to the database at `url`, but this one. */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        cpu.set(pid, cpuSeconds(pid));
      } catch {
        // It ended meanwhile.
      }
    }
    return cpu;
  } finally {
    await client.end();
  }
}

interface RunningNines {
  server: ServerProcess;
  token: string;
  /** On PostgreSQL: the CPU-seconds of the server's backends so far, by pid. */
  databaseCpu: (() => Promise<Map<number, number>>) | undefined;
  stop(): Promise<void>;
}

async function startNinesOn(engine: 'sqlite' | 'postgres'): Promise<RunningNines> {
  const configDir = writeConfig({ 'bench.yaml': ninesConfig() });
  const dataDir = scratchDir('peer-intake');
  const database = engine === 'postgres' ? await createTestDatabase() : undefined;
  const env: Record<string, string> = { NINES_TOKEN: '', NINES_SERVER: '' };
  if (database) env.NINES_DATABASE_URL = database.url;
  const token = await createToken(['--scopes', 'write', '--data-dir', dataDir], env);
  const server = await startServer({ configDir, dataDir, env, nodeArgs: profileArgs(engine) });
  return {
    server,
    token,
    databaseCpu: database ? () => backendCpu(database.url) : undefined,
    async stop() {
      await server.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/**
 * Node flags for each Nines server: NINES_BENCH_INTAKE_PROFILE=DIR writes a CPU profile of each into DIR
 * (`node --cpu-prof`, one file per engine), and NINES_BENCH_NODE_ARGS adds flags, as for the steady bench.
 */
function profileArgs(engine: string): string[] {
  const dir = process.env.NINES_BENCH_INTAKE_PROFILE;
  const extra = process.env.NINES_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const profile = dir
    ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=nines-${engine}.cpuprofile`]
    : [];
  return [...profile, ...extra];
}

const range = (values: number[]) => spread(values, 0);

/** The markdown rows for docs/performance.md: one per engine, Nines against Alertmanager in the same run. */
export function alertIntakeRows(f: AlertIntakeFigures): { rows: string[]; ratios: Record<string, number> } {
  const rows: string[] = [];
  const ratios: Record<string, number> = {};
  for (const engine of ['sqlite', 'postgres'] as const) {
    const pass = f[engine];
    if (!pass) continue;
    const nines = pass.nines.map((r) => r.alertsPerSecond);
    const am = pass.alertmanager.map((r) => r.alertsPerSecond);
    const ratio = mean(nines) / mean(am);
    ratios[engine] = ratio;
    const name = engine === 'sqlite' ? 'embedded database' : 'PostgreSQL';
    // CPU per alert: where the time goes (the server alone, and PostgreSQL's part on that engine).
    const database = pass.nines.every((r) => r.databaseCpuSeconds !== undefined)
      ? ` + PostgreSQL ${perAlert(pass.nines, (r) => r.databaseCpuSeconds ?? 0)}`
      : '';
    rows.push(
      `| alert intake, ${ALERTS_PER_REQUEST} alerts a request, half repeats, ${IN_FLIGHT} in flight, durable (${name}) | ` +
        `Alertmanager \`POST /api/v2/alerts\` (in memory): ${range(am)} alerts/s, CPU ${perAlert(pass.alertmanager, (r) => r.cpuSeconds)} an alert | ` +
        `Alertmanager webhook: ${range(nines)} alerts/s, CPU ${perAlert(pass.nines, (r) => r.cpuSeconds)}${database} an alert | ${ratio.toFixed(2)} (target ≥ 0.5) |`,
    );
  }
  return { rows, ratios };
}

/**
 * Runs the comparison: for each engine, a fresh Nines and a fresh Alertmanager, a warm-up for each, then
 * runs alternating Nines, Alertmanager; each engine's ratio is against the Alertmanager runs of its own
 * pass. Returns the figures and ready-made rows for docs/performance.md.
 */
export async function benchAlertIntake(
  log: (line: string) => void,
  engines: ReadonlyArray<'sqlite' | 'postgres'> = ['sqlite', 'postgres'],
): Promise<AlertIntakeFigures & { rows: string[] }> {
  const figures: AlertIntakeFigures = {};
  let seed = 1;
  for (const engine of engines) {
    const pass: IntakePass = { nines: [], alertmanager: [] };
    figures[engine] = pass;
    const nines = await startNinesOn(engine);
    const am = await startPeerAlertmanager('quiet').catch(async (error: unknown) => {
      await nines.stop();
      throw error;
    });
    try {
      const webhook = `${nines.server.url}/api/v1/integrations/alertmanager?integration=am`;
      const v2 = `${am.url}/api/v2/alerts`;
      const pid = nines.server.child.pid as number;
      await drive({ url: webhook, token: nines.token, shape: 'webhook', seed: seed++, pid, requests: 8 });
      await drive({ url: v2, shape: 'v2', seed: seed++, pid: am.pid, requests: 8 });
      for (let i = 1; i <= RUNS; i++) {
        const n = await drive({
          url: webhook,
          token: nines.token,
          shape: 'webhook',
          seed: seed++,
          pid,
          databaseCpu: nines.databaseCpu,
        });
        pass.nines.push(n);
        log(`alert intake run ${i} nines (${engine}): ${describe(n)}`);
        const a = await drive({ url: v2, shape: 'v2', seed: seed++, pid: am.pid });
        pass.alertmanager.push(a);
        log(`alert intake run ${i} alertmanager: ${describe(a)}`);
      }
    } finally {
      await am.stop();
      await nines.stop();
    }
  }
  return { ...figures, rows: alertIntakeRows(figures).rows };
}

function describe(r: IntakeRun): string {
  const database =
    r.databaseCpuSeconds === undefined ? '' : ` (and PostgreSQL ${r.databaseCpuSeconds.toFixed(2)} CPU-s)`;
  return `${r.alertsPerSecond.toFixed(0)} alerts/s, ${r.cpuSeconds.toFixed(2)} CPU-s${database} for ${r.alerts} alerts`;
}

/** Microseconds of CPU per alert over the runs, as `N µs`. */
function perAlert(runs: readonly IntakeRun[], cpu: (r: IntakeRun) => number): string {
  const alerts = runs.reduce((sum, r) => sum + r.alerts, 0);
  const seconds = runs.reduce((sum, r) => sum + cpu(r), 0);
  return `${((seconds / alerts) * 1e6).toFixed(0)} µs`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const only = process.argv[2] as 'sqlite' | 'postgres' | undefined;
  const result = await benchAlertIntake(log, only ? [only] : undefined);
  for (const row of result.rows) log(row);
}
