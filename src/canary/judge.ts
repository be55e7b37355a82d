import { weightedGroupScore } from './group-score.ts';
import { rankSumTest } from './wilcoxon.ts';

/**
 * The canary judge, as Kayenta's Netflix ACA judge classifies and scores (facts from its MannWhitneyClassifier
 * and WeightedSumScorer): each metric of the canary (experiment) is compared with the baseline (control)
 * by the rank-sum test's Hodges-Lehmann interval; a weighted share of passing metrics is the score. Pure.
 */

/** Which change of the metric is bad: `increase` (errors, latency), `decrease` (throughput), or `either`. */
export type Direction = 'increase' | 'decrease' | 'either';
export type Classification = 'Pass' | 'High' | 'Low' | 'NoData';
export type Verdict = 'pass' | 'marginal' | 'fail';

export interface MetricSamples {
  name: string;
  control: readonly number[];
  experiment: readonly number[];
  direction: Direction;
  /** A critical metric that is not Pass fails the whole judgement. */
  critical?: boolean;
  /** Its share of the score (default 1). */
  weight?: number;
  /**
   * The allowed change, as a ratio of the experiment's mean to the control's: High needs at least
   * `allowedIncrease` (default 1: any significant increase), Low at most `allowedDecrease` (default 1).
   */
  allowedIncrease?: number;
  allowedDecrease?: number;
  /** When set, a critical metric fails the run only past this ratio (a smaller change counts as High only). */
  criticalIncrease?: number;
  criticalDecrease?: number;
  /** Kayenta metric group: when any metric names one, the score is by group (`JudgeOptions.groupWeights`). */
  group?: string;
}

export interface JudgeOptions {
  /** Confidence of the intervals (default 0.95). */
  confidence?: number;
  /**
   * How clearly the interval must clear zero, as a fraction of the estimate (Kayenta's `tolerance`,
   * default 0.25): High when the interval's lower end exceeds tolerance × |estimate|.
   */
  tolerance?: number;
  /** Score thresholds (0–100): at least `pass` passes (default 95), at least `marginal` is marginal (75). */
  pass?: number;
  marginal?: number;
  /**
   * Weights (summing to at most 100) of metric groups, as Kayenta's classifier: used when any metric names a
   * group; metrics without one form the group `default`, groups without a weight share the rest of 100.
   */
  groupWeights?: Readonly<Record<string, number>>;
}

/** The group of a metric that names none, when others do. */
export const DEFAULT_GROUP = 'default';

export interface MetricJudgement {
  name: string;
  classification: Classification;
  reason: string | null;
  critical: boolean;
  /** True when this metric alone fails the run (critical and not Pass). */
  failsRun: boolean;
  weight: number;
  direction: Direction;
  method: 'exact' | 'normal' | null;
  /** Hodges-Lehmann estimate of experiment − control and its interval; null without data. */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  pValue: number | null;
  /** mean(experiment) / mean(control); null when a mean is 0 or there is no data. */
  meanRatio: number | null;
  controlCount: number;
  experimentCount: number;
}

export interface Judgement {
  verdict: Verdict;
  /** 0–100. */
  score: number;
  reason: string | null;
  confidence: number;
  thresholds: { pass: number; marginal: number };
  metrics: MetricJudgement[];
}

const NO_DATA_SHARE = 0.5;

function finite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function sameMultiset(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.every((v, i) => v === y[i]);
}

/** Classifies one metric. */
export function classifyMetric(metric: MetricSamples, options: JudgeOptions = {}): MetricJudgement {
  const confidence = options.confidence ?? 0.95;
  const tolerance = options.tolerance ?? 0.25;
  const control = finite(metric.control);
  const experiment = finite(metric.experiment);
  const critical = metric.critical ?? false;
  const base = {
    name: metric.name,
    critical,
    weight: metric.weight ?? 1,
    direction: metric.direction,
    controlCount: control.length,
    experimentCount: experiment.length,
  };
  const none = { method: null, estimate: null, lower: null, upper: null, pValue: null, meanRatio: null };
  if (control.length === 0 || experiment.length === 0) {
    const which =
      control.length === 0 ? (experiment.length === 0 ? 'either side' : 'the control') : 'the canary';
    return { ...base, ...none, classification: 'NoData', reason: `no data for ${which}`, failsRun: critical };
  }
  const controlMean = mean(control);
  const experimentMean = mean(experiment);
  const meanRatio = controlMean === 0 || experimentMean === 0 ? null : experimentMean / controlMean;
  if (sameMultiset(control, experiment) || new Set([...control, ...experiment]).size === 1) {
    return {
      ...base,
      ...none,
      meanRatio,
      classification: 'Pass',
      reason: 'the canary and the baseline have the same values',
      failsRun: false,
    };
  }
  const test = rankSumTest(experiment, control, confidence);
  const bound = tolerance * Math.abs(test.estimate);
  const ratioAtLeast = (threshold: number) => meanRatio === null || meanRatio >= threshold;
  const ratioAtMost = (threshold: number) => meanRatio === null || meanRatio <= threshold;
  const high =
    metric.direction !== 'decrease' && test.lower > bound && ratioAtLeast(metric.allowedIncrease ?? 1);
  const low =
    metric.direction !== 'increase' && test.upper < -bound && ratioAtMost(metric.allowedDecrease ?? 1);
  const measured = {
    method: test.method,
    estimate: test.estimate,
    lower: test.lower,
    upper: test.upper,
    pValue: test.pValue,
    meanRatio,
  };
  const ratioText = meanRatio === null ? '' : ` (mean ×${meanRatio.toPrecision(3)})`;
  if (high || low) {
    const classification: Classification = high ? 'High' : 'Low';
    const failsRun =
      critical &&
      (high ? ratioAtLeast(metric.criticalIncrease ?? 1) : ratioAtMost(metric.criticalDecrease ?? 1));
    return {
      ...base,
      ...measured,
      classification,
      reason: `${metric.name} is ${high ? 'higher' : 'lower'} in the canary${ratioText}${failsRun ? ' (critical)' : ''}`,
      failsRun,
    };
  }
  return { ...base, ...measured, classification: 'Pass', reason: null, failsRun: false };
}

function weightedShare(judged: readonly MetricJudgement[]): number {
  let counted = 0;
  let passed = 0;
  for (const m of judged) {
    if (m.classification === 'NoData') continue;
    counted += m.weight;
    if (m.classification === 'Pass') passed += m.weight;
  }
  return counted === 0 ? 0 : Math.round((passed / counted) * 100 * 100) / 100;
}

/** Judges a canary: every metric classified, then the weighted score and the verdict. */
export function judgeCanary(metrics: readonly MetricSamples[], options: JudgeOptions = {}): Judgement {
  const thresholds = { pass: options.pass ?? 95, marginal: options.marginal ?? 75 };
  const confidence = options.confidence ?? 0.95;
  const judged = metrics.map((metric) => classifyMetric(metric, options));
  const result = (verdict: Verdict, score: number, reason: string | null): Judgement => ({
    verdict,
    score,
    reason,
    confidence,
    thresholds,
    metrics: judged,
  });
  const criticalFailure = judged.find((m) => m.failsRun);
  if (criticalFailure)
    return result('fail', 0, `critical metric ${criticalFailure.name}: ${criticalFailure.reason}`);
  const noData = judged.filter((m) => m.classification === 'NoData').length;
  if (judged.length === 0 || noData / judged.length >= NO_DATA_SHARE) {
    return result('fail', 0, `${noData} of ${judged.length} metrics have no data`);
  }
  const grouped = metrics.some((m) => m.group !== undefined);
  const score = grouped
    ? weightedGroupScore(
        judged.map((m, i) => ({ ...m, group: metrics[i]?.group ?? DEFAULT_GROUP })),
        options.groupWeights ?? {},
      )
    : weightedShare(judged);
  const failing = judged.filter((m) => m.classification === 'High' || m.classification === 'Low');
  const reason = failing.length === 0 ? null : failing.map((m) => m.reason).join('; ');
  if (score >= thresholds.pass) return result('pass', score, reason);
  if (score >= thresholds.marginal) return result('marginal', score, reason);
  return result('fail', score, reason);
}
