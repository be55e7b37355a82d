import { judgeCanary, type MetricSamples } from '../canary/index.ts';
import { isoTime } from '../core/time-format.ts';
import { describeBurn } from './slo-burn.ts';
import type { AnalysisInterval, AnalysisSpec, AnalysisStatus, IntervalSlo } from './types.ts';

/** The samples of one metric over an interval's window. */
export interface VariantSamples {
  control: number[];
  experiment: number[];
}

/** Judges one interval from its samples. Pure. A read that failed leaves its metric NoData. */
export function judgeInterval(o: {
  spec: AnalysisSpec;
  index: number;
  window: { fromMs: number; toMs: number };
  nowMs: number;
  samples: ReadonlyMap<string, VariantSamples>;
  errors: string[];
  slo: IntervalSlo | null;
}): AnalysisInterval {
  const { spec } = o;
  const metrics: MetricSamples[] = spec.metrics.map((metric) => {
    const samples = o.samples.get(metric.name) ?? { control: [], experiment: [] };
    const clean = (values: number[]) =>
      metric.nanStrategy === 'replace' ? values.map((v) => (Number.isNaN(v) ? 0 : v)) : values;
    return {
      ...metric,
      control: clean(samples.control),
      experiment: clean(samples.experiment),
    };
  });
  const judged = judgeCanary(metrics, {
    confidence: spec.confidence,
    pass: spec.thresholds.pass,
    marginal: spec.thresholds.marginal,
    ...(spec.thresholds.groupWeights ? { groupWeights: spec.thresholds.groupWeights } : {}),
  });
  const sloFails = o.slo !== null && !o.slo.ok;
  const verdict = sloFails ? 'fail' : judged.verdict;
  return {
    index: o.index,
    from: isoTime(o.window.fromMs),
    to: isoTime(o.window.toMs),
    at: isoTime(o.nowMs),
    verdict,
    score: judged.score,
    reason: intervalReason({ ...judged, verdict, index: o.index, slo: o.slo, errors: o.errors }),
    metrics: judged.metrics,
    slo: o.slo,
    errors: o.errors,
  };
}

function intervalReason(o: {
  index: number;
  verdict: AnalysisInterval['verdict'];
  score: number;
  reason: string | null;
  thresholds: { pass: number; marginal: number };
  slo: IntervalSlo | null;
  errors: string[];
}): string {
  const { pass, marginal } = o.thresholds;
  const scored =
    o.score >= pass
      ? `interval ${o.index} scored ${o.score} ≥ pass ${pass}`
      : o.score >= marginal
        ? `interval ${o.index} scored ${o.score} < pass ${pass}`
        : `interval ${o.index} scored ${o.score} < marginal ${marginal}`;
  const parts = [o.reason, o.slo ? describeBurn(o.slo) : null, ...o.errors].filter(Boolean);
  return parts.length === 0 ? scored : `${scored}: ${parts.join('; ')}`;
}

/** What a judged interval means for the analysis: a fail ends it at once, the last interval decides. */
export function statusAfter(interval: AnalysisInterval, intervalCount: number): AnalysisStatus {
  if (interval.verdict === 'fail') return 'fail';
  if (interval.index >= intervalCount) return interval.verdict;
  return 'running';
}
