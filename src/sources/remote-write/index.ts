export { CounterMemory, type PendingSamples, seriesKey } from './counters.ts';
export {
  decodeWriteRequest,
  decompressSnappy,
  encodeWriteRequest,
  MAX_DECOMPRESSED_BYTES,
  type WriteSample,
  type WriteSeries,
} from './decode.ts';
export {
  candidateFeeds,
  contribution,
  isFedByRemoteWrite,
  type RemoteWriteFeed,
  type RemoteWritePlan,
  remoteWritePlan,
} from './feeds.ts';
export { type CounterSelector, type LabelMatcher, parseCounterQuery, selects } from './selector.ts';
export { SeriesCache } from './series-cache.ts';
export { nameKey, type ScannedWriteRequest, scanWriteRequest } from './write-request-reader.ts';
