export interface Point {
  timeMs: number;
  value: number;
}

/** One series of a query answer; an instant query gives each series exactly one point. */
export interface Series {
  labels: Record<string, string>;
  points: Point[];
}

export type ResultType = 'vector' | 'matrix';

export type ParsedAnswer = { ok: true; series: Series[] } | { ok: false; reason: string };

/**
 * Reads a `/api/v1/query[_range]` JSON answer into series, or says in a few words what is wrong with it. NaN
 * and ±Inf refuse the answer unless `keepNonFinite` (canary reads decide per metric what a NaN means).
 * Checked by hand, one pass, nothing copied: a batch read's answer holds up to 20,000 pairs and a schema
 * library copied each one.
 */
export function parseQueryAnswer(
  body: unknown,
  expected: ResultType,
  options: { keepNonFinite?: boolean } = {},
): ParsedAnswer {
  if (!isObject(body)) return unexpectedShape;
  if (body.status === 'error') {
    const { errorType, error } = body;
    if (
      (errorType !== undefined && typeof errorType !== 'string') ||
      (error !== undefined && typeof error !== 'string')
    )
      return unexpectedShape;
    return { ok: false, reason: `${errorType ?? 'error'}: ${error ?? 'no message'}` };
  }
  const data = body.data;
  if (body.status !== 'success' || !isObject(data) || typeof data.resultType !== 'string')
    return unexpectedShape;
  if (data.resultType !== expected) {
    return { ok: false, reason: `expected a ${expected} result, got ${data.resultType}` };
  }
  const malformed: ParsedAnswer = { ok: false, reason: `answered with a malformed ${expected}` };
  if (!Array.isArray(data.result)) return malformed;
  const series: Series[] = [];
  for (const row of data.result as unknown[]) {
    if (!isObject(row) || !isLabels(row.metric)) return malformed;
    const pairs = expected === 'vector' ? [row.value] : row.values;
    if (!Array.isArray(pairs)) return malformed;
    const points: Point[] = [];
    for (const pair of pairs as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) return malformed;
      const [seconds, text] = pair as [unknown, unknown];
      if (typeof seconds !== 'number' || typeof text !== 'string') return malformed;
      const value = sampleValue(text);
      if (!Number.isFinite(value) && !options.keepNonFinite)
        return { ok: false, reason: `returned a non-finite value (${text})` };
      points.push({ timeMs: Math.round(seconds * 1000), value });
    }
    series.push({ labels: row.metric, points });
  }
  return { ok: true, series };
}

const unexpectedShape: ParsedAnswer = { ok: false, reason: 'answered with an unexpected JSON shape' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLabels(value: unknown): value is Record<string, string> {
  if (!isObject(value)) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
}

/** Prometheus' text for a sample value: a Go float, `+Inf`/`-Inf` (which `Number` reads as NaN) or `NaN`. */
function sampleValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}
