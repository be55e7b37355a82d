import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import type { AnalysisSpec } from './types.ts';

/**
 * When an analysis judges what. Pure. Interval i (1-based) ends at start + i × interval (the last at the
 * bake's end) and judges samples from the start (or from its end − lookback) to its end; it is due once
 * its end is past, plus one step for Prometheus so the last scrape is in.
 */

/** Seed 000: "usually 10 minutes for non-critical services, 30 minutes for Tier 1 services". */
export function defaultBakeMs(tier: number): number {
  return tier === 1 ? 30 * MINUTE_MS : 10 * MINUTE_MS;
}

export const INTERVALS_BY_DEFAULT = 5;
export const MAX_BAKE_MS = 24 * HOUR_MS;
export const MAX_INTERVALS = 500;
/** Points a Prometheus range query may return per series (its own limit is 11,000). */
export const MAX_POINTS_PER_SERIES = 11_000;

/** About five intervals over the bake, in whole seconds, never shorter than the step. */
export function defaultIntervalMs(bakeMs: number, stepMs?: number): number {
  const fifth = Math.max(1_000, Math.floor(bakeMs / INTERVALS_BY_DEFAULT / 1_000) * 1_000);
  return Math.min(bakeMs, Math.max(fifth, stepMs ?? 0));
}

/** About ten samples per interval, in whole seconds between 1 s and 1 min. */
export function defaultStepMs(intervalMs: number): number {
  return Math.min(MINUTE_MS, Math.max(1_000, Math.floor(intervalMs / 10 / 1_000) * 1_000));
}

type Timing = Pick<AnalysisSpec, 'intervalMs' | 'bakeMs' | 'stepMs' | 'lookbackMs' | 'source'>;

export function intervalCount(spec: Pick<AnalysisSpec, 'intervalMs' | 'bakeMs'>): number {
  return Math.ceil(spec.bakeMs / spec.intervalMs);
}

/** The samples interval `index` judges. */
export function intervalWindow(
  spec: Timing,
  startedMs: number,
  index: number,
): { fromMs: number; toMs: number } {
  const toMs = Math.min(startedMs + index * spec.intervalMs, startedMs + spec.bakeMs);
  const fromMs = spec.lookbackMs === null ? startedMs : Math.max(startedMs, toMs - spec.lookbackMs);
  return { fromMs, toMs };
}

/** When interval `index` may be judged. */
export function intervalDueMs(spec: Timing, startedMs: number, index: number): number {
  const delay = spec.source.kind === 'prometheus' ? spec.stepMs : 0;
  return intervalWindow(spec, startedMs, index).toMs + delay;
}

/** How long failed reads of a due interval are retried before it is judged with what there is. */
export function retryWindowMs(intervalMs: number): number {
  return Math.min(MINUTE_MS, Math.max(5_000, Math.floor(intervalMs / 2)));
}
