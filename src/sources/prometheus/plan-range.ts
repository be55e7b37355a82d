/** Prometheus refuses range queries of more than 11,000 points per series. */
export const MAX_POINTS_PER_QUERY = 11_000;

/** The evaluation times of one range query: `startMs`, `startMs + stepMs`, ... `endMs`. */
export interface RangeChunk {
  startMs: number;
  endMs: number;
}

export interface RangePlanInput {
  fromMs: number;
  toMs: number;
  stepMs: number;
  maxPoints?: number;
}

/**
 * Splits the buckets lying wholly inside [fromMs, toMs] into range queries of at most `maxPoints`
 * evaluation times each. Buckets are aligned to the step; the bucket [t, t + step) is evaluated at
 * t + step, so that its rate covers exactly the bucket.
 */
export function planRange(input: RangePlanInput): RangeChunk[] {
  const { stepMs } = input;
  const maxPoints = input.maxPoints ?? MAX_POINTS_PER_QUERY;
  const firstEvalMs = Math.ceil(input.fromMs / stepMs) * stepMs + stepMs;
  const lastEvalMs = Math.floor(input.toMs / stepMs) * stepMs;
  const chunks: RangeChunk[] = [];
  for (let startMs = firstEvalMs; startMs <= lastEvalMs; startMs += maxPoints * stepMs) {
    chunks.push({ startMs, endMs: Math.min(lastEvalMs, startMs + (maxPoints - 1) * stepMs) });
  }
  return chunks;
}

/** The evaluation time of the latest whole bucket ending at or before `endMs`. */
export function alignEvaluation(endMs: number, stepMs: number): number {
  return Math.floor(endMs / stepMs) * stepMs;
}
