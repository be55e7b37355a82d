import { NinesError } from '../core/errors.ts';
import type { ErrorBudgetPolicy, Slo } from '../specs/index.ts';
import {
  budgetState,
  burnRate,
  DEFAULT_THRESHOLDS,
  errorBudget,
  type SloStatus,
  sliRatio,
} from './budget.ts';
import { checkCatastrophic, checkTier, type TierCheck } from './burn-alerts.ts';
import { BURN_WINDOW_KEYS, BURN_WINDOWS_MS, type BurnWindowKey } from './series-layout.ts';
import type { SliSeries } from './sli-series.ts';
import { type ProvisionalTail, sumsWithTail } from './tail.ts';

export type BurnRates = Record<BurnWindowKey, number | null>;

/** Everything known about one SLO instance at one moment; plain data. */
export interface SloEvaluation {
  slo: string;
  atMs: number;
  status: SloStatus;
  /** Over the SLO window; counts are slices for timeslice SLOs. Ratio is null without events. */
  sli: { good: number; total: number; ratio: number | null };
  /** Fractions of the whole budget; null without events. Remaining is below 0 when overspent. */
  errorBudget: { remaining: number | null; consumed: number | null };
  /** Burn rate per standard window; null when that window holds no events. */
  burnRates: BurnRates;
  /** `catastrophic` opens the same page as `page` (see nextAlertState). */
  alerts: { page: TierCheck; ticket: TierCheck; catastrophic: TierCheck };
  /** What the SLO window covers; for calendar windows endMs is when the budget resets. */
  budgetWindow: { startMs: number; endMs: number };
  /** Latest data time seen, for no-data alerts. */
  lastDataMs: number | null;
  /** Why the SLI source failed at this tick, if it did. */
  sourceError: string | null;
}

/** Options of evaluateSlo; `series` must already be advanced to `nowMs`. */
export interface EvaluateSloInput {
  slo: Slo;
  series: SliSeries;
  policy?: ErrorBudgetPolicy;
  nowMs: number;
  sourceError?: string;
  /** A polled source's counts past the settled buckets: seen by the catastrophic tier only. */
  tail?: ProvisionalTail;
}

/** Evaluates an SLO from its series at `nowMs`: SLI, budget, burn rates, status and alert conditions. */
export function evaluateSlo(input: EvaluateSloInput): SloEvaluation {
  const { slo, series, policy, nowMs } = input;
  if (series.nowMs !== nowMs) {
    throw new NinesError('internal', `series of "${slo.name}" is at ${series.nowMs}, not ${nowMs}`);
  }
  const counts = series.budgetSum();
  const budget = errorBudget(counts, slo.objective);
  const burnRates = {} as BurnRates;
  for (const key of BURN_WINDOW_KEYS) {
    burnRates[key] = burnRate(series.windowSum(BURN_WINDOWS_MS[key]), slo.objective);
  }
  const { minEvents } = slo.alerting;
  return {
    slo: slo.name,
    atMs: nowMs,
    // A source that cannot be read is never reported healthy from what it said before.
    status: input.sourceError
      ? 'no_data'
      : budgetState(budget.remaining, policy?.thresholds ?? DEFAULT_THRESHOLDS),
    sli: { good: counts.good, total: counts.total, ratio: sliRatio(counts) },
    errorBudget: budget,
    burnRates,
    alerts: {
      page: checkTier({ tier: slo.alerting.page, objective: slo.objective, minEvents, sums: series }),
      ticket: checkTier({ tier: slo.alerting.ticket, objective: slo.objective, minEvents, sums: series }),
      catastrophic: checkCatastrophic({
        tier: slo.alerting.catastrophic,
        objective: slo.objective,
        sums: input.tail ? sumsWithTail(series, input.tail, nowMs) : series,
      }),
    },
    budgetWindow: series.budgetWindow(),
    lastDataMs: series.lastDataMs,
    sourceError: input.sourceError ?? null,
  };
}
