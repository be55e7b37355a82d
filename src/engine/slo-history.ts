import type { EngineContext } from '../context/index.ts';
import { MINUTE_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { type BurnRates, evaluateSlo, oldestUsefulMs, SliSeries } from '../slo/index.ts';

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
