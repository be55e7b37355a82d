import type { BudgetState, ErrorBudgetPolicy } from '../specs/index.ts';

/** Good and total over a window (events, or slices for timeslice SLOs). */
export interface Counts {
  good: number;
  total: number;
}

export type BudgetThresholds = ErrorBudgetPolicy['thresholds'];

/** Seed 003 §11: caution at or below 50 % remaining, warning at 25 %, critical at 10 %. */
export const DEFAULT_THRESHOLDS: Readonly<BudgetThresholds> = Object.freeze({
  caution: 50,
  warning: 25,
  critical: 10,
});

/** Status of an SLO: its budget state, or no_data when the SLO window holds no events. */
export type SloStatus = BudgetState | 'no_data';

/**
 * The error budget as a fraction of events: 1 - objective / 100. Rounded to 11 decimals so that
 * 99.9 gives exactly the double nearest 0.001 rather than 0.0009999999999999432.
 */
export function budgetFraction(objectivePercent: number): number {
  return Math.round((100 - objectivePercent) * 1e9) / 1e11;
}

/** good / total; null when there were no events (a quiet period is no data, never NaN). */
export function sliRatio(counts: Counts): number | null {
  return counts.total > 0 ? counts.good / counts.total : null;
}

/** (bad / total) / budget: 1 spends exactly the budget over the SLO window; null without events. */
export function burnRate(counts: Counts, objectivePercent: number): number | null {
  if (counts.total <= 0) return null;
  return (counts.total - counts.good) / counts.total / budgetFraction(objectivePercent);
}

/** Budget consumed and remaining as fractions of the whole budget; remaining goes below 0 when overspent. */
export function errorBudget(
  counts: Counts,
  objectivePercent: number,
): { remaining: number | null; consumed: number | null } {
  const consumed = burnRate(counts, objectivePercent);
  return consumed === null ? { remaining: null, consumed: null } : { remaining: 1 - consumed, consumed };
}

/**
 * Budget state for a remaining fraction: exhausted at or below 0, then critical, warning and caution at
 * or below their thresholds (percent), healthy above. Exactly 50 % is caution, exactly 0 is exhausted.
 * Compared at 1e-9 percent so float noise (49.99999999999999) does not move a boundary.
 */
export function budgetState(
  remaining: number | null,
  thresholds: BudgetThresholds = DEFAULT_THRESHOLDS,
): SloStatus {
  if (remaining === null) return 'no_data';
  const percent = Math.round(remaining * 1e11) / 1e9;
  if (percent <= 0) return 'exhausted';
  if (percent <= thresholds.critical) return 'critical';
  if (percent <= thresholds.warning) return 'warning';
  if (percent <= thresholds.caution) return 'caution';
  return 'healthy';
}
