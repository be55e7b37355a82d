export type { EngineContext } from '../context/index.ts';
export { applyModel } from './apply-model.ts';
export { evaluateSlos, type TickReport } from './evaluate-slos.ts';
export {
  type IngestResult,
  ingestSliEvents,
  MAX_FUTURE_SKEW_MS,
  type SliEventBatch,
  sliEventBatchSchema,
} from './ingest-events.ts';
export {
  ingestRemoteWrite,
  MAX_WAITING_REQUESTS,
  newRemoteWriteReceiver,
  type RemoteWriteReceiver,
  type RemoteWriteResult,
} from './ingest-remote-write.ts';
export { pollPrometheus, readPrometheusTails, SETTLE_MS } from './poll-prometheus.ts';
export {
  BATCH_ID_RETENTION_MS,
  BUCKET_RETENTION_MS,
  PROBE_RESULT_RETENTION_MS,
  pruneStorage,
} from './prune-storage.ts';
export { restoreInstances } from './restore-instances.ts';
export { newProbeSchedule, type ProbeSchedule, recordProbeResult, runDueProbes } from './run-probes.ts';
export { instanceName, instanceSlo, SloEngine, type SloInstance } from './slo-engine.ts';
export {
  alertWindows,
  type HistoryAnnotations,
  type HistoryPoint,
  MAX_HISTORY_POINTS,
  sloHistory,
  sloHistoryAnnotations,
} from './slo-history.ts';
export { type SloStatusView, sloStatusView, windowLabel } from './slo-view.ts';
export { reloadSourceCursors } from './source-cursors.ts';
export {
  addSliBuckets,
  classifiedMinutesPerDay,
  latestProbeResults,
  listSloAlerts,
  type MinuteClassification,
  type ProbeResultRow,
  recentProbeResults,
  type SloAlertRow,
  sliMinutes,
} from './store.ts';
