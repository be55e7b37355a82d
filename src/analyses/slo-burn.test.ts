import { describe, expect, it } from 'vitest';
import { canaryBurn, describeBurn, errorRatioOf } from './slo-burn.ts';

describe('the canary burn rate', () => {
  it('divides the error ratio by the error budget', () => {
    // 99.9 %: budget 0.001. 30 errors of 1,500 requests = 0.02 → burn 20 > 14.4 (the workbook's 1 h page rate).
    const ratio = errorRatioOf({ error: 30, total: 1_500 });
    expect(ratio).toBeCloseTo(0.02, 12);
    const burn = canaryBurn({
      slo: 'checkout',
      objectivePercent: 99.9,
      maxBurnRate: 14.4,
      errorRatio: ratio,
    });
    expect(burn.burnRate).toBeCloseTo(20, 9);
    expect(burn.ok).toBe(false);
    expect(describeBurn(burn)).toBe('SLO checkout: the canary burns its budget at 20× > 14.4×');
  });

  it('reads good events as 1 − good/total and passes a burn under the limit', () => {
    // 99 %: budget 0.01. 995 good of 1,000 → ratio 0.005 → burn 0.5 ≤ 6.
    const ratio = errorRatioOf({ good: 995, total: 1_000 });
    expect(ratio).toBeCloseTo(0.005, 12);
    const burn = canaryBurn({ slo: 's', objectivePercent: 99, maxBurnRate: 6, errorRatio: ratio });
    expect(burn.burnRate).toBeCloseTo(0.5, 9);
    expect(burn.ok).toBe(true);
  });

  it('does not fail a canary without traffic', () => {
    expect(errorRatioOf({ error: 0, total: 0 })).toBeNull();
    const burn = canaryBurn({ slo: 's', objectivePercent: 99.9, maxBurnRate: 14.4, errorRatio: null });
    expect(burn).toMatchObject({ burnRate: null, ok: true });
  });
});
