export { BUSINESS_END_MINUTE, BUSINESS_START_MINUTE, isBusinessHours } from './business-hours.ts';
export {
  type DeliveryDeploy,
  type DeliveryFigures,
  type DoraBand,
  deliveryFigures,
  quantile,
} from './delivery.ts';
export { type DeliveryReport, loadDelivery } from './load-delivery.ts';
export { loadOncallHealth } from './load-oncall-health.ts';
export { loadReliability, type ReliabilityReport } from './load-reliability.ts';
export {
  type AlertCount,
  type HealthPage,
  NOISIEST_ALERTS,
  noisiestAlerts,
  type OncallHealth,
  type OncallHealthInput,
  oncallHealth,
  type PersonLoad,
} from './oncall-health.ts';
export {
  type Availability,
  INCIDENT_SEVERITIES,
  type IncidentFigures,
  type MonthSpan,
  meanSeconds,
  monthSpans,
  mtbfSeconds,
  type ServiceAvailability,
} from './reliability.ts';
export type {
  ActionItemFigures,
  BudgetConsumed,
  PostmortemFigures,
} from './reliability-follow-up.ts';
export {
  MAX_PAGES_PER_12_HOURS,
  type PersonNotification,
  pagesPer12Hours,
  type ScheduleShift,
  type ShiftLoad,
  shiftLoads,
} from './shift-load.ts';
