export {
  type BatchLimits,
  type BatchPlan,
  planBatches,
  RANGE_BATCH,
  type SliBatch,
  TAIL_BATCH,
} from './batch-plan.ts';
export type { Env, PrometheusClient, PrometheusClientOptions, RangeSpec } from './client.ts';
export { createPrometheusClient } from './client.ts';
export type { SliSample } from './combine-series.ts';
export { fillWindow } from './fill-window.ts';
export { MAX_POINTS_PER_QUERY } from './plan-range.ts';
export type { PrometheusIndicator, ReadSliOptions } from './read-sli.ts';
export {
  readNearTotalMembers,
  readSliRange,
  readSliRangeBatch,
  readSliStep,
  readSliTail,
  readSliTailBatch,
} from './read-sli.ts';
export type { Series } from './response.ts';
