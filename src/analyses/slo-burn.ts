import type { IntervalSlo } from './types.ts';

/**
 * The canary's SLO burn. Pure. Its error ratio over the judged window divided by the SLO's error budget
 * ratio (1 − objective) is its burn rate: how fast the whole service would spend its budget if it all
 * behaved like the canary.
 */

/** error/total, or 1 − good/total; null without traffic. Clamped to [0, 1] (counters read at slightly different times). */
export function errorRatioOf(counts: { good?: number; error?: number; total: number }): number | null {
  if (!(counts.total > 0)) return null;
  const bad = counts.error ?? counts.total - (counts.good ?? counts.total);
  return Math.min(1, Math.max(0, bad / counts.total));
}

export function canaryBurn(o: {
  slo: string;
  objectivePercent: number;
  maxBurnRate: number;
  errorRatio: number | null;
}): IntervalSlo {
  const budget = 1 - o.objectivePercent / 100;
  const burnRate = o.errorRatio === null || budget <= 0 ? null : o.errorRatio / budget;
  return {
    name: o.slo,
    burnRate,
    maxBurnRate: o.maxBurnRate,
    ok: burnRate === null || burnRate <= o.maxBurnRate,
    errorRatio: o.errorRatio,
  };
}

/** How an interval's SLO burn reads in a reason. */
export function describeBurn(slo: IntervalSlo): string {
  if (slo.burnRate === null) return `SLO ${slo.name}: no canary traffic to burn its budget`;
  const relation = slo.ok ? '≤' : '>';
  return `SLO ${slo.name}: the canary burns its budget at ${round(slo.burnRate)}× ${relation} ${round(slo.maxBurnRate)}×`;
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}
