import { describe, expect, it } from 'vitest';
import { budgetFraction, budgetState, burnRate, errorBudget, sliRatio } from './budget.ts';

describe('errorBudget', () => {
  it('spends 40 % of a 99.9 % budget with 400 bad out of 1,000,000', () => {
    // budget = 0.1 % of 1,000,000 = 1,000 bad events; 400 spent -> consumed 0.4, remaining 0.6.
    const budget = errorBudget({ good: 999_600, total: 1_000_000 }, 99.9);
    expect(budget.consumed).toBeCloseTo(0.4, 12);
    expect(budget.remaining).toBeCloseTo(0.6, 12);
    expect(budgetState(budget.remaining)).toBe('healthy');
  });

  it('goes below zero when overspent', () => {
    // 3,000 bad of 1,000,000 on 99.9 %: three budgets spent, remaining 1 - 3 = -2.
    const budget = errorBudget({ good: 997_000, total: 1_000_000 }, 99.9);
    expect(budget.remaining).toBeCloseTo(-2, 12);
    expect(budgetState(budget.remaining)).toBe('exhausted');
  });

  it('is null, never NaN, without events', () => {
    expect(errorBudget({ good: 0, total: 0 }, 99.9)).toEqual({ remaining: null, consumed: null });
    expect(sliRatio({ good: 0, total: 0 })).toBeNull();
    expect(burnRate({ good: 0, total: 0 }, 99.9)).toBeNull();
    expect(budgetState(null)).toBe('no_data');
  });
});

describe('burnRate', () => {
  it('is the bad ratio over the budget', () => {
    // 0.4 % errors on a 0.1 % budget burns 4x; 100 % errors burn 1000x.
    expect(burnRate({ good: 996, total: 1000 }, 99.9)).toBeCloseTo(4, 12);
    expect(burnRate({ good: 0, total: 1000 }, 99.9)).toBeCloseTo(1000, 9);
    expect(burnRate({ good: 1000, total: 1000 }, 99.9)).toBe(0);
  });

  it('reads 99.9 as a budget of exactly 0.001', () => {
    expect(budgetFraction(99.9)).toBe(0.001);
    expect(budgetFraction(99.95)).toBe(0.0005);
    expect(budgetFraction(99)).toBe(0.01);
  });
});

describe('budgetState boundaries', () => {
  it('puts each exact threshold in the worse state', () => {
    expect(budgetState(0.5000001)).toBe('healthy');
    expect(budgetState(0.5)).toBe('caution');
    expect(budgetState(0.25)).toBe('warning');
    expect(budgetState(0.1)).toBe('critical');
    expect(budgetState(0.0000001)).toBe('critical');
    expect(budgetState(0)).toBe('exhausted');
    expect(budgetState(-0.3)).toBe('exhausted');
  });

  it('holds the boundaries for remaining values computed from counts', () => {
    // Objective 99 %: budget 1 % of 10,000 = 100 bad events. Remaining = 1 - bad / 100.
    const state = (bad: number) =>
      budgetState(errorBudget({ good: 10_000 - bad, total: 10_000 }, 99).remaining);
    expect(state(49)).toBe('healthy'); // 51 %
    expect(state(50)).toBe('caution'); // 50 % exactly
    expect(state(74)).toBe('caution'); // 26 %
    expect(state(75)).toBe('warning'); // 25 %
    expect(state(89)).toBe('warning'); // 11 %
    expect(state(90)).toBe('critical'); // 10 %
    expect(state(99)).toBe('critical'); // 1 %
    expect(state(100)).toBe('exhausted'); // 0 %
  });

  it('uses the thresholds of a policy', () => {
    const strict = { caution: 80, warning: 60, critical: 30 };
    expect(budgetState(0.8, strict)).toBe('caution');
    expect(budgetState(0.7, strict)).toBe('caution');
    expect(budgetState(0.6, strict)).toBe('warning');
    expect(budgetState(0.3, strict)).toBe('critical');
    expect(budgetState(0.81, strict)).toBe('healthy');
  });
});
