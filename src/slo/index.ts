export { acceptsTime, oldestUsefulMs, type TimeAcceptance, type TimeRefusal } from './accepts-time.ts';
export {
  type AlertFlag,
  type AlertSeverity,
  type AlertState,
  type AlertTransition,
  initialAlertState,
  type NextAlertStateInput,
  nextAlertState,
} from './alert-state.ts';
export {
  type BudgetThresholds,
  budgetFraction,
  budgetState,
  burnRate,
  type Counts,
  DEFAULT_THRESHOLDS,
  errorBudget,
  type SloStatus,
  sliRatio,
} from './budget.ts';
export { type ConditionCheck, checkCatastrophic, type TierCheck } from './burn-alerts.ts';
export { type CalendarUnit, periodEnd, periodStart } from './calendar.ts';
export { checkSloForEngine } from './check-slo.ts';
export { type BurnRates, type EvaluateSloInput, evaluateSlo, type SloEvaluation } from './evaluate.ts';
export { excludedIntervals, type Interval } from './exclusions.ts';
export { type PersistedBucket, replaySeries } from './replay-series.ts';
export { BURN_WINDOW_KEYS, BURN_WINDOWS_MS, type BurnWindowKey } from './series-layout.ts';
export { type AddOutcome, type SeriesCounters, SliSeries, type WindowSum } from './sli-series.ts';
export { freshTail, type ProvisionalTail, sumsWithTail, TAIL_FRESH_MS } from './tail.ts';
export { SLICE_GRACE_MS } from './timeslices.ts';
