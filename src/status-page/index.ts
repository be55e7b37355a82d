export {
  type ComponentView,
  listComponentStatuses,
  listMaintenances,
  type MaintenanceState,
  type MaintenanceView,
} from './admin-views.ts';
export {
  type ComponentStatus,
  componentStatuses,
  componentStatusLabels,
  deriveComponentStatus,
} from './component-status.ts';
export { loadStatusSnapshot, type StatusSnapshot } from './load-status-snapshot.ts';
export type { PublicStatus } from './public-status.ts';
export {
  cancelMaintenance,
  MAX_MAINTENANCE_MS,
  type MaintenanceInput,
  scheduleMaintenance,
} from './schedule-maintenance.ts';
export { clearComponentOverride, setComponentOverride } from './set-override.ts';
export {
  type EncodedBody,
  prepareBody,
  type RenderedBody,
  type RenderedStatus,
  SNAPSHOT_MAX_AGE_MS,
  type StatusPageContext,
  StatusSnapshots,
  statusSnapshots,
} from './status-snapshots.ts';
export { UPTIME_DAYS } from './uptime.ts';
