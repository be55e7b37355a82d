export { CounterMemory, type PendingSamples, seriesKey } from './counters.ts';
export {
  decompressSnappy,
  MAX_DECOMPRESSED_BYTES,
  type WriteSample,
  type WriteSeries,
} from './decode.ts';
export {
  contribution,
  isFedByRemoteWrite,
  type RemoteWriteFeed,
  type RemoteWritePlan,
  remoteWritePlan,
} from './feeds.ts';
export { type CounterSelector, type LabelMatcher, parseCounterQuery, selects } from './selector.ts';
export { SeriesDecisions, type WantedSeries } from './series-decisions.ts';
export { type ScannedWriteRequest, scanWriteRequest } from './write-request-reader.ts';
