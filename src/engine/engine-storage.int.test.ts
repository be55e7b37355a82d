import { afterEach, describe, expect, it } from 'vitest';
import type { EngineContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { NinesError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import { emptyModel, type Model } from '../specs/index.ts';
import { makeProbe } from '../testing/probe-fixtures.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { testEngines } from '../testing/test-engines.ts';
import { evaluateSlos } from './evaluate-slos.ts';
import { ingestSliEvents } from './ingest-events.ts';
import { pruneStorage } from './prune-storage.ts';
import { restoreInstances } from './restore-instances.ts';
import { recordProbeResult } from './run-probes.ts';
import { SloEngine } from './slo-engine.ts';
import { latestProbeResults, listSloAlerts, recentProbeResults } from './store.ts';

const NOW = Date.parse('2026-11-20T12:00:30Z');
const MINUTE = 60_000;

function model(): Model {
  return {
    ...emptyModel(),
    teams: [],
    services: [],
    dataSources: [],
    probes: [],
    policies: [],
    slos: [makeSlo({ name: 'api', service: 'api', objective: 99 }), makeSlo({ name: 'web', service: 'web' })],
  };
}

async function engineOn(db: EngineContext['db'], clock: FakeClock): Promise<EngineContext> {
  const engine = new SloEngine(model());
  const ctx = { db, clock, logger: silentLogger, engine };
  await restoreInstances({ db, engine, slos: engine.model.slos, nowMs: clock.now() });
  return ctx;
}

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

describe.each(await testEngines())('engine state on $name', (engine) => {
  async function open() {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    return opened.db;
  }

  it('counts pushed events once, even when a batch is repeated, and a restart restores the sums', async () => {
    const db = await open();
    const clock = new FakeClock(NOW);
    const ctx = await engineOn(db, clock);
    const batch = {
      batchId: 'b-1',
      events: [
        { slo: 'api', time: NOW - 5 * MINUTE, good: 990, total: 1000 },
        { slo: 'api', time: new Date(NOW - 2 * MINUTE).toISOString(), good: 500, total: 500 },
      ],
    };
    expect(await ingestSliEvents({ ctx, input: batch })).toEqual({ accepted: 2, duplicate: false });
    expect(await ingestSliEvents({ ctx, input: batch })).toEqual({ accepted: 2, duplicate: true });
    await evaluateSlos({ ctx });
    const live = ctx.engine.instances.get('api')?.evaluation;
    // 1490 good of 1500: bad ratio 10/1500; budget 1 % -> consumed (10/1500)/0.01 = 0.6667.
    expect(live?.sli).toEqual({ good: 1490, total: 1500, ratio: 1490 / 1500 });
    expect(live?.errorBudget.consumed).toBeCloseTo(2 / 3, 10);

    const restarted = await engineOn(db, clock);
    await evaluateSlos({ ctx: restarted });
    expect(restarted.engine.instances.get('api')?.evaluation?.sli).toEqual(live?.sli);
    expect(restarted.engine.instances.get('api')?.evaluation?.burnRates).toEqual(live?.burnRates);
  });

  it('rejects a batch with one bad event whole and stores nothing', async () => {
    const db = await open();
    const ctx = await engineOn(db, new FakeClock(NOW));
    const input = {
      batchId: 'b-2',
      events: [
        { slo: 'api', time: NOW, good: 1, total: 1 },
        { slo: 'api', time: NOW, good: 5, total: 4 },
        { slo: 'nope', time: NOW, good: 1, total: 1 },
        { slo: 'web', time: NOW + 120_000, good: 1, total: 1 },
        { slo: 'web', time: NOW - 31 * 86_400_000, good: 1, total: 1 },
      ],
    };
    const error = await ingestSliEvents({ ctx, input }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NinesError);
    expect((error as NinesError).details?.map((d) => d.path)).toEqual([
      'events.1.good',
      'events.2.slo',
      'events.3.time',
      'events.4.time',
    ]);
    expect(await db.query('SELECT * FROM sli_buckets')).toEqual([]);
    expect(await db.query('SELECT * FROM ingest_batches')).toEqual([]);
    // The batch id was not consumed: the corrected batch is accepted.
    expect(await ingestSliEvents({ ctx, input: { batchId: 'b-2', events: [input.events[0]] } })).toEqual({
      accepted: 1,
      duplicate: false,
    });
  });

  it('stores alert transitions with burn rates and restores the firing state after a restart', async () => {
    const db = await open();
    const clock = new FakeClock(NOW);
    const ctx = await engineOn(db, clock);
    // A full outage: every request fails for 5 minutes. burn = 1 / 0.01 = 100 > 14.4 on 5m and 1h.
    for (let m = 5; m >= 1; m--) {
      await ingestSliEvents({
        ctx,
        input: { events: [{ slo: 'api', time: NOW - m * MINUTE, good: 0, total: 100 }] },
      });
    }
    const tick = await evaluateSlos({ ctx });
    expect(tick.transitions.map(({ transition: t }) => `${t.severity}:${t.state}`)).toEqual([
      'page:firing',
      'ticket:firing',
    ]);
    const rows = await db.query<{
      severity: string;
      fired_ms: number;
      fired_burn_rates: Record<string, number>;
    }>('SELECT severity, fired_ms, fired_burn_rates FROM slo_alerts ORDER BY severity');
    expect(rows.map((r) => r.severity)).toEqual(['page', 'ticket']);
    expect(rows[0]?.fired_ms).toBe(NOW);
    expect(rows[0]?.fired_burn_rates['5m']).toBeCloseTo(100, 10);

    const restarted = await engineOn(db, clock);
    expect(restarted.engine.instances.get('api')?.alertState?.page).toEqual({ firing: true, sinceMs: NOW });
    clock.advance(10_000);
    const again = await evaluateSlos({ ctx: restarted });
    expect(again.transitions.filter(({ transition }) => transition.severity !== 'no_data')).toEqual([]);
  });
});

describe.each(await testEngines())('retention on $name', (engine) => {
  it('prunes minute buckets older than 400 days and batch ids older than 7 days, nothing newer', async () => {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    const { db } = opened;
    const DAY = 86_400_000;
    await db.query(
      `INSERT INTO sli_buckets (slo, start_ms, good, total) VALUES ('a', $1, 1, 1), ('a', $2, 1, 1)`,
      [NOW - 401 * DAY, NOW - 399 * DAY],
    );
    await db.query(
      `INSERT INTO ingest_batches (batch_id, accepted, received_ms) VALUES ('old', 1, $1), ('new', 1, $2)`,
      [NOW - 8 * DAY, NOW - 6 * DAY],
    );
    const ctx = await engineOn(db, new FakeClock(NOW));
    expect(await pruneStorage({ ctx })).toEqual({ sli_buckets: 1, ingest_batches: 1, probe_results: 0 });
    expect(await db.query('SELECT start_ms FROM sli_buckets')).toEqual([{ start_ms: NOW - 399 * DAY }]);
    expect(await db.query('SELECT batch_id FROM ingest_batches')).toEqual([{ batch_id: 'new' }]);
  });
});

describe.each(await testEngines())('probe results on $name', (engine) => {
  it("reads the latest run of each probe asked for, and a probe's runs newest first", async () => {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    const ctx = await engineOn(opened.db, new FakeClock(NOW));
    const tcp = { kind: 'tcp' as const, host: '127.0.0.1', port: 1 };
    const run = (name: string, startedAtMs: number, ok: boolean) =>
      recordProbeResult(ctx, makeProbe(tcp, { name }), {
        ok,
        startedAtMs,
        latencyMs: 12.5,
        attempts: 1,
        ...(ok ? { status: 200 } : { error: 'refused' }),
      });
    await run('a', NOW - 2 * MINUTE, true);
    await run('a', NOW - MINUTE, false);
    await run('b', NOW - 3 * MINUTE, true);
    await run('c', NOW - MINUTE, true);

    expect(await latestProbeResults(opened.db, ['a', 'b', 'missing'])).toEqual([
      {
        probe: 'a',
        started_ms: NOW - MINUTE,
        ok: false,
        latency_ms: 12.5,
        attempts: 1,
        status: null,
        cert_days_left: null,
        error: 'refused',
      },
      {
        probe: 'b',
        started_ms: NOW - 3 * MINUTE,
        ok: true,
        latency_ms: 12.5,
        attempts: 1,
        status: 200,
        cert_days_left: null,
        error: null,
      },
    ]);
    expect(await latestProbeResults(opened.db, [])).toEqual([]);
    const recent = await recentProbeResults(opened.db, 'a', 5);
    expect(recent.map((r) => [Number(r.started_ms), r.ok])).toEqual([
      [NOW - MINUTE, false],
      [NOW - 2 * MINUTE, true],
    ]);
    expect(await listSloAlerts(opened.db, { state: 'firing', limit: 10 })).toEqual([]);
  });
});
