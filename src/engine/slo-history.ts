import type { EngineContext } from '../context/index.ts';
import { formatDuration, MINUTE_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { isoTime, isoTimeOrNull } from '../core/time-format.ts';
import {
  BURN_WINDOW_KEYS,
  BURN_WINDOWS_MS,
  type BurnRates,
  evaluateSlo,
  excludedIntervals,
  oldestUsefulMs,
  SliSeries,
} from '../slo/index.ts';
import type { Slo } from '../specs/index.ts';
import { sloAlertsOverlapping } from './store.ts';

export const MAX_HISTORY_POINTS = 2_000;

export interface HistoryPoint {
  time: string;
  sliRatio: number | null;
  budgetRemaining: number | null;
  burnRates: BurnRates;
}

/**
 * The SLO as it was at each step in [from, to]: replays the persisted minute buckets through a fresh series,
 * so history uses exactly the live engine's math.
 */
export async function sloHistory({
  ctx,
  input,
}: {
  ctx: EngineContext;
  input: { name: string; fromMs: number; toMs: number; stepMs: number };
}): Promise<HistoryPoint[]> {
  const instance = ctx.engine.instances.get(input.name);
  if (!instance) throw new NinesError('not_found', `no SLO named "${input.name}"`);
  const { fromMs, toMs } = input;
  const stepMs = Math.max(MINUTE_MS, Math.ceil(input.stepMs / MINUTE_MS) * MINUTE_MS);
  if (!(fromMs < toMs))
    throw new NinesError('invalid_input', '`from` must be before `to`', [
      { path: 'from', message: 'must be before to' },
    ]);
  const points = Math.floor((toMs - fromMs) / stepMs) + 1;
  if (points > MAX_HISTORY_POINTS) {
    throw new NinesError(
      'invalid_input',
      `${points} points requested; at most ${MAX_HISTORY_POINTS} (raise step)`,
      [{ path: 'step', message: 'too small for the range' }],
    );
  }
  const slo = instance.slo;
  const startMs = oldestUsefulMs(slo, fromMs);
  const rows = await ctx.db.query<{ start_ms: number; good: number; total: number }>(
    'SELECT start_ms, good, total FROM sli_buckets WHERE slo = $1 AND start_ms >= $2 AND start_ms <= $3 ORDER BY start_ms',
    [slo.name, startMs, toMs],
  );
  const series = new SliSeries({ slo, nowMs: rows[0] ? Math.min(rows[0].start_ms, fromMs) : fromMs });
  const policy = ctx.engine.policyFor(slo);
  const out: HistoryPoint[] = [];
  let next = 0;
  for (let t = fromMs; t <= toMs; t += stepMs) {
    for (; next < rows.length && (rows[next]?.start_ms ?? Infinity) <= t; next++) {
      const row = rows[next] as { start_ms: number; good: number; total: number };
      series.advance(row.start_ms);
      series.add(row.start_ms, row.good, row.total);
    }
    series.advance(t);
    const evaluation = evaluateSlo({ slo, series, policy, nowMs: t });
    out.push({
      time: new Date(t).toISOString(),
      sliRatio: evaluation.sli.ratio,
      budgetRemaining: evaluation.errorBudget.remaining,
      burnRates: evaluation.burnRates,
    });
  }
  return out;
}

/** What a history chart draws besides the points: the objective, alert thresholds, alerts and exclusions. */
export interface HistoryAnnotations {
  objective: number;
  alertWindows: Array<{
    severity: 'page' | 'ticket';
    longWindow: string;
    shortWindow: string;
    burnRate: number;
  }>;
  alerts: Array<{ severity: string; firedAt: string; resolvedAt: string | null }>;
  exclusions: Array<{ start: string; end: string; reason?: string }>;
}

/** A window's `burnRates` key (`1h`) when it is one of the tracked windows, else its duration. */
function windowName(ms: number): string {
  return BURN_WINDOW_KEYS.find((key) => BURN_WINDOWS_MS[key] === ms) ?? formatDuration(ms);
}

/** The burn-rate conditions of the SLO's enabled alert tiers, as the engine checks them. */
export function alertWindows(slo: Pick<Slo, 'alerting'>): HistoryAnnotations['alertWindows'] {
  return (['page', 'ticket'] as const).flatMap((severity) => {
    const tier = slo.alerting[severity];
    if (!tier.enabled) return [];
    return tier.conditions.map((c) => ({
      severity,
      longWindow: windowName(c.longWindowMs),
      shortWindow: windowName(c.shortWindowMs),
      burnRate: c.burnRate,
    }));
  });
}

/** The SLO's exclusions overlapping [fromMs, toMs), each occurrence with the exclusion's name, by start. */
export function exclusionsIn(slo: Pick<Slo, 'exclusions'>, fromMs: number, toMs: number) {
  return slo.exclusions
    .flatMap((exclusion) =>
      excludedIntervals([exclusion], fromMs, toMs).map((interval) => ({ interval, name: exclusion.name })),
    )
    .sort((a, b) => a.interval.startMs - b.interval.startMs)
    .map(({ interval, name }) => ({
      start: isoTime(interval.startMs),
      end: isoTime(interval.endMs),
      ...(name ? { reason: name } : {}),
    }));
}

/** The objective, alert thresholds, alert episodes and exclusions of an SLO instance over [fromMs, toMs]. */
export async function sloHistoryAnnotations({
  ctx,
  input,
}: {
  ctx: EngineContext;
  input: { name: string; fromMs: number; toMs: number };
}): Promise<HistoryAnnotations> {
  const instance = ctx.engine.instances.get(input.name);
  if (!instance) throw new NinesError('not_found', `no SLO named "${input.name}"`);
  const { slo } = instance;
  const alerts = await sloAlertsOverlapping(ctx.db, { slo: slo.name, ...input });
  return {
    objective: slo.objective,
    alertWindows: alertWindows(slo),
    alerts: alerts.map((a) => ({
      severity: a.severity,
      firedAt: isoTime(a.fired_ms),
      resolvedAt: isoTimeOrNull(a.resolved_ms),
    })),
    // [from, to] includes `to`; exclusions are half-open, so look one millisecond further.
    exclusions: exclusionsIn(slo, input.fromMs, input.toMs + 1),
  };
}
