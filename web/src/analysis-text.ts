import { num } from './format.ts';

/**
 * What the analysis panel draws and says: the score per interval with its thresholds, and the last
 * interval's metric figures. Pure: tested in analysis-text.test.ts. The shapes are the fields the panel
 * reads of the API's canary analysis (docs: the analyses contract).
 */

export interface MetricFigures {
  name: string;
  classification: string;
  critical: boolean;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  pValue: number | null;
  meanRatio: number | null;
}

export interface IntervalFigures {
  index: number;
  from: string;
  to: string;
  verdict: string;
  score: number;
  reason: string | null;
  metrics: MetricFigures[];
  slo: { name: string; burnRate: number | null; maxBurnRate: number; ok: boolean } | null;
}

export interface AnalysisFigures {
  id: number;
  status: string;
  score: number | null;
  reason: string | null;
  spec: { thresholds: { pass: number; marginal: number } };
  intervals: IntervalFigures[];
}

/**
 * The score chart's data: x = each interval's end (epoch s), y = its score (0–100), between the analysis'
 * start and end without a score, so the x axis spans the whole bake even before the last interval.
 */
export function scoreSeries(
  intervals: readonly IntervalFigures[],
  span: { startedAt: string; endsAt: string },
): [number[], Array<number | null>] {
  const sorted = [...intervals].sort((a, b) => a.index - b.index);
  const x = sorted.map((i) => Date.parse(i.to) / 1000);
  const y: Array<number | null> = sorted.map((i) => i.score);
  const start = Date.parse(span.startedAt) / 1000;
  const end = Date.parse(span.endsAt) / 1000;
  if (Number.isFinite(start) && (x.length === 0 || start < (x[0] as number))) {
    x.unshift(start);
    y.unshift(null);
  }
  if (Number.isFinite(end) && end > (x.at(-1) ?? Number.NEGATIVE_INFINITY)) {
    x.push(end);
    y.push(null);
  }
  return [x, y];
}

/** The chart's text alternative: where the score is against the thresholds, in words. */
export function scoreSummary(analysis: AnalysisFigures): string {
  const { pass, marginal } = analysis.spec.thresholds;
  const thresholds = `Pass at ${num(pass)} or more, marginal at ${num(marginal)} or more, fail below.`;
  const last = [...analysis.intervals].sort((a, b) => a.index - b.index).at(-1);
  if (!last) return `No interval judged yet. ${thresholds}`;
  const scores = [...analysis.intervals]
    .sort((a, b) => a.index - b.index)
    .map((i) => `${i.index}: ${num(i.score)}`)
    .join(', ');
  const count = analysis.intervals.length;
  return (
    `Interval ${last.index} scored ${num(last.score)} (${last.verdict}). ${thresholds} ` +
    `Score${count === 1 ? '' : 's'} by interval: ${scores}.`
  );
}

/** "[−0.4, 2.5]": a Hodges-Lehmann interval; "—" without data. */
export function intervalText(lower: number | null, upper: number | null, digits = 4): string {
  if (lower === null || upper === null) return '—';
  return `[${num(lower, digits)}, ${num(upper, digits)}]`;
}

/** A p-value as scientists read it: "< 0.0001" below that, else 4 decimals. */
export function pValueText(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—';
  return p < 0.0001 ? '< 0.0001' : num(p, 4);
}

/** The tone of a canary word (analysis status, interval verdict, metric classification). */
export function canaryTone(word: string): 'good' | 'warn' | 'bad' | 'info' | 'muted' {
  switch (word) {
    case 'pass':
    case 'Pass':
      return 'good';
    case 'marginal':
      return 'warn';
    case 'fail':
    case 'High':
    case 'Low':
      return 'bad';
    case 'running':
      return 'info';
    default:
      return 'muted';
  }
}
