import type { SliEventBatch } from '../src/engine/index.ts';

/** Time slices of 1 SLO in 10 are 5 minutes long and sealed 2 minutes after they end; stay inside. */
const SLICE_SAFE_AGE_MS = 100_000;
const MAX_AGE_MS = 5 * 60_000;

/**
 * A batch of `size` events for SLOs `slo-0`..`slo-<slos-1>` (as `benchSlo` and `writeBenchConfig` name
 * them), spread uniformly over the SLOs and the last few minutes before `nowMs`, as RFC 3339 times.
 */
export function eventBatch(options: {
  batchId: string;
  slos: number;
  size: number;
  nowMs: number;
  random: () => number;
}): SliEventBatch {
  const { slos, size, nowMs, random } = options;
  const events = Array.from({ length: size }, () => {
    const i = Math.floor(random() * slos);
    const maxAge = i % 10 === 2 ? SLICE_SAFE_AGE_MS : MAX_AGE_MS;
    const total = 1 + Math.floor(random() * 50);
    const good = random() < 0.01 ? total - 1 : total;
    return {
      slo: `slo-${i}`,
      time: new Date(nowMs - Math.floor(random() * maxAge)).toISOString(),
      good,
      total,
    };
  });
  return { batchId: options.batchId, events };
}
