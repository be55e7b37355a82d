import type { MetricJudgement } from '../canary/index.ts';

export type AnalysisStatus = 'running' | 'pass' | 'marginal' | 'fail' | 'cancelled';
export const analysisStatuses = ['running', 'pass', 'marginal', 'fail', 'cancelled'] as const;

export interface AnalysisMetricSpec {
  name: string;
  /**
   * PromQL with `{{variant}}` (replaced by the variant's scope value) and/or `{{scope}}` (replaced by
   * `label="value"`); absent for a pushed analysis.
   */
  query?: string;
  direction: 'increase' | 'decrease' | 'either';
  critical: boolean;
  /** Default 1. */
  weight: number;
  /** Kayenta metric group (group weights in `thresholds.groupWeights`). */
  group?: string;
  allowedIncrease?: number;
  allowedDecrease?: number;
  criticalIncrease?: number;
  criticalDecrease?: number;
  /** `replace` counts a NaN as 0; `remove` drops it. */
  nanStrategy: 'remove' | 'replace';
}

export interface SloAwareSpec {
  slo: string;
  maxBurnRate: number;
  goodQuery?: string;
  errorQuery?: string;
  /** The query of all events; empty for a pushed analysis, which pushes `metric` instead. */
  totalQuery: string;
  /** Pushed analyses: the metric whose experiment samples are the canary's error ratio (0–1). */
  metric?: string;
}

export interface AnalysisSpec {
  service: string;
  deployId: number | null;
  source: { kind: 'prometheus'; dataSource: string } | { kind: 'pushed' };
  scope: { label: string | null; control: string; experiment: string };
  metrics: AnalysisMetricSpec[];
  /** Judged every interval. */
  intervalMs: number;
  /** Total length; default by the service's tier: 30 min tier 1, 10 min others. */
  bakeMs: number;
  /** Prometheus range-query step (and the delay after an interval's end before it is read). */
  stepMs: number;
  /** Null: every interval judges the samples from the start. */
  lookbackMs: number | null;
  confidence: number;
  thresholds: { pass: number; marginal: number; groupWeights?: Record<string, number> };
  sloAware: SloAwareSpec | null;
}

/** The canary's SLO burn over an interval's window. */
export interface IntervalSlo {
  name: string;
  /** The canary's error ratio ÷ the SLO's error budget (1 − objective); null without traffic or data. */
  burnRate: number | null;
  maxBurnRate: number;
  ok: boolean;
  /** The canary's error ratio over the window. */
  errorRatio?: number | null;
}

export interface AnalysisInterval {
  /** 1-based. */
  index: number;
  /** ISO times of the samples judged. */
  from: string;
  to: string;
  /** When it was judged. */
  at: string;
  verdict: 'pass' | 'marginal' | 'fail';
  score: number;
  reason: string | null;
  metrics: MetricJudgement[];
  slo: IntervalSlo | null;
  /** Reads that failed until the retry deadline: their metrics are judged NoData. */
  errors: string[];
}

export interface AnalysisView {
  id: number;
  service: string;
  deployId: number | null;
  status: AnalysisStatus;
  /** Why it ended. */
  reason: string | null;
  /** The last interval's score. */
  score: number | null;
  startedAt: string;
  endsAt: string;
  finishedAt: string | null;
  createdBy: string;
  spec: AnalysisSpec;
  intervals: AnalysisInterval[];
  /** Intervals in all (bake ÷ interval, rounded up). */
  intervalCount: number;
  /** When the next interval is judged; null once it ended. */
  nextIntervalAt: string | null;
  /** The last failed read of the interval now due (retried until its deadline); null otherwise. */
  lastError: string | null;
}
