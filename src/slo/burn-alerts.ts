import { MINUTE_MS } from '../core/duration.ts';
import type { AlertTier, BurnCondition, CatastrophicTier } from '../specs/index.ts';
import { burnRate, type Counts } from './budget.ts';

/** One multi-window condition at one moment: both burn rates and whether it holds. */
export interface ConditionCheck {
  condition: BurnCondition;
  longBurn: number | null;
  shortBurn: number | null;
  /** Events (or slices) in the long window, compared with `minEvents`. */
  longEvents: number;
  firing: boolean;
}

/** One alert tier (page or ticket) at one moment. */
export interface TierCheck {
  enabled: boolean;
  firing: boolean;
  /** The first condition that holds, when the tier fires. */
  firedBy: ConditionCheck | null;
  conditions: ConditionCheck[];
}

/** Burn over both windows strictly above the rate, with at least `minEvents` events in the long window. */
export function checkCondition(options: {
  condition: BurnCondition;
  long: Counts;
  short: Counts;
  objective: number;
  minEvents: number;
}): ConditionCheck {
  const { condition, long, short, objective, minEvents } = options;
  const longBurn = burnRate(long, objective);
  const shortBurn = burnRate(short, objective);
  const firing =
    long.total >= minEvents &&
    longBurn !== null &&
    shortBurn !== null &&
    longBurn > condition.burnRate &&
    shortBurn > condition.burnRate;
  return { condition, longBurn, shortBurn, longEvents: long.total, firing };
}

/** A tier fires when it is enabled and any of its conditions holds. */
export function checkTier(options: {
  tier: AlertTier;
  objective: number;
  minEvents: number;
  /** Where window sums come from (the series itself: no closure per evaluation on the hot path). */
  sums: { windowSum(windowMs: number): Counts };
}): TierCheck {
  const { tier, objective, minEvents, sums } = options;
  if (!tier.enabled) return { enabled: false, firing: false, firedBy: null, conditions: [] };
  const conditions = tier.conditions.map((condition) =>
    checkCondition({
      condition,
      long: sums.windowSum(condition.longWindowMs),
      short: sums.windowSum(condition.shortWindowMs),
      objective,
      minEvents,
    }),
  );
  const firedBy = conditions.find((c) => c.firing) ?? null;
  return { enabled: true, firing: firedBy !== null, firedBy, conditions };
}

/**
 * The catastrophic tier: its burn condition (with its own minEvents) and, for "near-total", at least
 * `minErrorRatio` of the short window's events failing. A tick on a minute boundary finds the newest
 * minute empty; the short window then reaches one minute further back rather than letting a page flap.
 */
export function checkCatastrophic(options: {
  tier: CatastrophicTier;
  objective: number;
  sums: { windowSum(windowMs: number): Counts };
}): TierCheck {
  const { tier, objective, sums } = options;
  if (!tier.enabled) return { enabled: false, firing: false, firedBy: null, conditions: [] };
  const conditions = tier.conditions.map((condition) => {
    let short = sums.windowSum(condition.shortWindowMs);
    if (short.total === 0) short = sums.windowSum(catastrophicFallbackMs(condition));
    const long = sums.windowSum(condition.longWindowMs);
    const check = checkCondition({ condition, long, short, objective, minEvents: tier.minEvents });
    const nearTotal = short.total > 0 && (short.total - short.good) / short.total >= tier.minErrorRatio;
    return nearTotal || !check.firing ? check : { ...check, firing: false };
  });
  const firedBy = conditions.find((c) => c.firing) ?? null;
  return { enabled: true, firing: firedBy !== null, firedBy, conditions };
}

/** The short window reaching one bucket (minute) further back, used when the newest minute is empty. */
export function catastrophicFallbackMs(condition: BurnCondition): number {
  return condition.shortWindowMs + MINUTE_MS;
}
