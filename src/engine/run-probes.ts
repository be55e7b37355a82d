import type { EngineContext } from '../context/index.ts';
import { nextRunAt, type ProbeResult, runProbe } from '../probes/index.ts';
import type { Probe } from '../specs/index.ts';
import { applyToSeries, minuteOf } from './sli-points.ts';
import { addSliBuckets } from './store.ts';

/** When each probe runs next, and the runs in flight; owned by the probe job. */
export interface ProbeSchedule {
  /** Next planned start per probe (on the probe's own grid, see nextRunAt). */
  nextAtMs: Map<string, number>;
  running: Set<string>;
  /** Runs in flight, so a shutdown can wait for them. */
  inflight: Set<Promise<void>>;
}

export function newProbeSchedule(): ProbeSchedule {
  return { nextAtMs: new Map(), running: new Set(), inflight: new Set() };
}

/** Starts every probe that is due and not already running; a slow probe never delays the others. */
export async function runDueProbes({
  ctx,
  schedule,
  signal,
}: {
  ctx: EngineContext;
  schedule: ProbeSchedule;
  signal?: AbortSignal;
}): Promise<void> {
  const nowMs = ctx.clock.now();
  const due = ctx.engine.model.probes.filter((probe) => {
    if (schedule.running.has(probe.name)) return false;
    const nextAt = schedule.nextAtMs.get(probe.name);
    if (nextAt === undefined) schedule.nextAtMs.set(probe.name, nextRunAt(probe, undefined, nowMs));
    return nextAt !== undefined && nextAt <= nowMs;
  });
  for (const probe of due) {
    const run = runAndRecord(ctx, schedule, probe, signal);
    schedule.inflight.add(run);
    void run.finally(() => schedule.inflight.delete(run));
  }
}

async function runAndRecord(
  ctx: EngineContext,
  schedule: ProbeSchedule,
  probe: Probe,
  signal?: AbortSignal,
): Promise<void> {
  schedule.running.add(probe.name);
  try {
    const result = await runProbe(probe, { clock: ctx.clock, signal });
    schedule.nextAtMs.set(probe.name, nextRunAt(probe, result.startedAtMs, ctx.clock.now()));
    await recordProbeResult(ctx, probe, result);
  } catch (error) {
    if (!signal?.aborted) ctx.logger.error({ probe: probe.name, err: error }, 'probe could not run');
  } finally {
    schedule.running.delete(probe.name);
  }
}

/** Stores one probe run and counts it as one SLI event for every SLO fed by the probe. */
export async function recordProbeResult(
  ctx: EngineContext,
  probe: Probe,
  result: ProbeResult,
): Promise<void> {
  const points = ctx.engine.model.slos
    .filter((slo) => slo.indicator.kind === 'probe' && slo.indicator.probe === probe.name)
    .map((slo) => ({
      slo: slo.name,
      timeMs: minuteOf(result.startedAtMs),
      good: result.ok ? 1 : 0,
      total: 1,
    }));
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO probe_results (probe, started_ms, ok, latency_ms, attempts, status, cert_days_left, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (probe, started_ms) DO NOTHING`,
      [
        probe.name,
        result.startedAtMs,
        result.ok,
        result.latencyMs,
        result.attempts,
        result.status ?? null,
        result.certDaysLeft ?? null,
        result.error ?? null,
      ],
    );
    await addSliBuckets(tx, points);
  });
  applyToSeries(ctx.engine, points, ctx.clock.now());
}
