import { describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { emptyModel, type Model, type Probe } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { newProbeSchedule, runDueProbes } from './run-probes.ts';
import { SloEngine } from './slo-engine.ts';

// A TCP probe against a port nothing listens on fails fast and locally.
const probe: Probe = {
  name: 'closed-port',
  intervalMs: 30_000,
  timeoutMs: 1_000,
  retries: 0,
  check: { kind: 'tcp', host: '127.0.0.1', port: 1 },
  origin: 'nines',
  source: { file: 't.yaml', line: 1, col: 1 },
};

function recordingDb(): Db & { inserts: unknown[][] } {
  const inserts: unknown[][] = [];
  const db = {
    engine: 'postgres' as const,
    inserts,
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      if (sql.includes('INSERT INTO probe_results')) inserts.push(params ?? []);
      return [];
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      return fn(db as unknown as Db);
    },
    async exec() {},
    async close() {},
  };
  return db as unknown as Db & { inserts: unknown[][] };
}

describe('runDueProbes', () => {
  it('runs a probe on its own schedule without anyone forcing it (probes never ran before this fix)', async () => {
    const model: Model = {
      ...emptyModel(),
      teams: [],
      services: [],
      dataSources: [],
      policies: [],
      probes: [probe],
      slos: [makeSlo({ name: 'up', indicator: { kind: 'probe', probe: 'closed-port' } })],
    };
    const db = recordingDb();
    const clock = new FakeClock('2026-11-20T12:00:00.000Z');
    const ctx = { db, clock, logger: silentLogger, engine: new SloEngine(model) };
    const schedule = newProbeSchedule();
    const runJob = async () => {
      await runDueProbes({ ctx, schedule });
      await Promise.all(schedule.inflight);
    };
    // The job ticks every second for two intervals: the probe must run exactly twice, 30 s apart.
    for (let second = 0; second <= 60; second++) {
      await runJob();
      clock.advance(1_000);
    }
    expect(db.inserts).toHaveLength(2);
    const [first, second] = db.inserts.map((params) => params[1] as number);
    expect((second as number) - (first as number)).toBe(30_000);
    expect(db.inserts[0]?.[2]).toBe(false);
  });
});
