import { z } from 'zod';

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

const envelopeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.object({ resultType: z.string(), result: z.unknown() }) }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);
// Prometheus writes sample values as strings so that NaN and ±Inf survive JSON.
const pairSchema = z.tuple([z.number(), z.string()]);
const metricSchema = z.record(z.string(), z.string());
const vectorSchema = z.array(z.object({ metric: metricSchema, value: pairSchema }));
const matrixSchema = z.array(z.object({ metric: metricSchema, values: z.array(pairSchema) }));

/**
 * Reads a `/api/v1/query[_range]` JSON answer into series, or says in a few words what is wrong with it. NaN
 * and ±Inf refuse the answer unless `keepNonFinite` (canary reads decide per metric what a NaN means).
 */
export function parseQueryAnswer(
  body: unknown,
  expected: ResultType,
  options: { keepNonFinite?: boolean } = {},
): ParsedAnswer {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, reason: 'answered with an unexpected JSON shape' };
  const answer = envelope.data;
  if (answer.status === 'error') {
    return { ok: false, reason: `${answer.errorType ?? 'error'}: ${answer.error ?? 'no message'}` };
  }
  if (answer.data.resultType !== expected) {
    return { ok: false, reason: `expected a ${expected} result, got ${answer.data.resultType}` };
  }
  const rows =
    expected === 'vector'
      ? vectorSchema
          .safeParse(answer.data.result)
          .data?.map((row) => ({ metric: row.metric, values: [row.value] }))
      : matrixSchema.safeParse(answer.data.result).data;
  if (!rows) return { ok: false, reason: `answered with a malformed ${expected}` };
  const series: Series[] = [];
  for (const row of rows) {
    const points: Point[] = [];
    for (const [seconds, text] of row.values) {
      const value = Number(text);
      if (!Number.isFinite(value) && !options.keepNonFinite)
        return { ok: false, reason: `returned a non-finite value (${text})` };
      points.push({ timeMs: Math.round(seconds * 1000), value });
    }
    series.push({ labels: row.metric, points });
  }
  return { ok: true, series };
}
