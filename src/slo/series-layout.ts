import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import type { Slo } from '../specs/index.ts';
import { catastrophicFallbackMs } from './burn-alerts.ts';

/** The seven burn-rate windows every SLO tracks, by the key used in evaluations. */
export const BURN_WINDOWS_MS = {
  '5m': 5 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '1d': 24 * HOUR_MS,
  '3d': 72 * HOUR_MS,
} as const;

export type BurnWindowKey = keyof typeof BURN_WINDOWS_MS;

export const BURN_WINDOW_KEYS = Object.keys(BURN_WINDOWS_MS) as BurnWindowKey[];

/** Fine ring: 1-minute buckets over 6 hours. */
export const FINE_STEP_MS = MINUTE_MS;
export const FINE_SIZE = 360;
/** Medium ring: 10-minute buckets over 3 days. */
export const MEDIUM_STEP_MS = 10 * MINUTE_MS;
export const MEDIUM_SIZE = 432;
/** The coarse ring (rolling SLO windows longer than 3 days) has at most this many buckets. */
export const COARSE_MAX_BUCKETS = 720;

export type RingName = 'fine' | 'medium' | 'coarse';

export interface RingPlan {
  stepMs: number;
  size: number;
  /** Distinct window lengths (ms) this ring keeps running sums for. */
  windowsMs: number[];
}

/** Which rings an SLO series needs and where each window (burn and budget) is summed. */
export interface SeriesLayout {
  fine: RingPlan;
  medium: RingPlan;
  coarse?: RingPlan;
  /** Ring holding the SLO window; absent for calendar windows, which keep a running period sum. */
  budgetRing?: RingName;
}

/** The ring that can hold a burn window of `windowMs`, or undefined when none can. */
export function ringForWindow(windowMs: number): 'fine' | 'medium' | undefined {
  if (windowMs <= 0) return undefined;
  if (windowMs <= FINE_STEP_MS * FINE_SIZE && windowMs % FINE_STEP_MS === 0) return 'fine';
  if (windowMs <= MEDIUM_STEP_MS * MEDIUM_SIZE && windowMs % MEDIUM_STEP_MS === 0) return 'medium';
  return undefined;
}

/** Coarse ring for a rolling window: whole-hour buckets, at most COARSE_MAX_BUCKETS of them. */
export function coarsePlan(windowMs: number): RingPlan {
  const stepMs = Math.max(1, Math.ceil(windowMs / COARSE_MAX_BUCKETS / HOUR_MS)) * HOUR_MS;
  return { stepMs, size: Math.ceil(windowMs / stepMs), windowsMs: [windowMs] };
}

function addWindow(plan: RingPlan, windowMs: number): void {
  if (!plan.windowsMs.includes(windowMs)) plan.windowsMs.push(windowMs);
}

/** Plans the rings of an SLO series. Windows no ring can hold are left out (see checkSloForEngine). */
export function planLayout(slo: Slo): SeriesLayout {
  const fine: RingPlan = { stepMs: FINE_STEP_MS, size: FINE_SIZE, windowsMs: [] };
  const medium: RingPlan = { stepMs: MEDIUM_STEP_MS, size: MEDIUM_SIZE, windowsMs: [] };
  const rings = { fine, medium };
  const burnWindows = [
    ...Object.values(BURN_WINDOWS_MS),
    ...[
      ...slo.alerting.page.conditions,
      ...slo.alerting.ticket.conditions,
      ...slo.alerting.catastrophic.conditions,
    ].flatMap((c) => [c.longWindowMs, c.shortWindowMs]),
    ...slo.alerting.catastrophic.conditions.map(catastrophicFallbackMs),
  ];
  for (const windowMs of burnWindows) {
    const ring = ringForWindow(windowMs);
    if (ring) addWindow(rings[ring], windowMs);
  }
  if (slo.window.kind === 'calendar') return { fine, medium };
  const budgetRing = ringForWindow(slo.window.durationMs);
  if (budgetRing) {
    addWindow(rings[budgetRing], slo.window.durationMs);
    return { fine, medium, budgetRing };
  }
  return { fine, medium, coarse: coarsePlan(slo.window.durationMs), budgetRing: 'coarse' };
}

/** Oldest time any ring of `layout` still holds at `nowMs` (calendar periods are handled by the caller). */
export function oldestRingTimeMs(layout: SeriesLayout, nowMs: number): number {
  const plans = [layout.fine, layout.medium, ...(layout.coarse ? [layout.coarse] : [])];
  return Math.min(...plans.map((p) => Math.floor(nowMs / p.stepMs) * p.stepMs - (p.size - 1) * p.stepMs));
}
