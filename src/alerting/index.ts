export {
  type AlertSource,
  type AlertStatus,
  labelsFingerprint,
  type NormalisedAlert,
  withIntegrationLabels,
} from './alert.ts';
export {
  type AlertmanagerNotification,
  type AlertmanagerWebhook,
  alertmanagerWebhookSchema,
  parseAlertmanager,
} from './alertmanager.ts';
export { type UpstreamCauseInput, upstreamCause } from './dependency-suppression.ts';
export {
  DEFAULT_FLAP_OPTIONS,
  type FlapDecision,
  type FlapOptions,
  type FlapState,
  flapQuietAtMs,
  initialFlapState,
  isFlapping,
  shouldNotify,
} from './flapping.ts';
export { ALERT_LIMITS, truncationMarker } from './limits.ts';
export { matches, matchesAll } from './matchers.ts';
export {
  labelName,
  type PagerDutyChangeEvent,
  type PagerDutyEvent,
  type ParsePagerDutyOptions,
  pagerDutyChangeEventSchema,
  pagerDutyEventSchema,
  pagerDutySeverities,
  parsePagerDutyChangeEvent,
  parsePagerDutyEvent,
} from './pagerduty.ts';
export type { Parsed } from './parsed.ts';
export { type RouteAlertInput, type RoutedAlert, routeAlert } from './route.ts';
export {
  defaultSeverity,
  fromSourceSeverity,
  isRecordOnly,
  notifiesTeamChannel,
  pages,
  type SeverityHandling,
  severityHandling,
  sourceSeverityTable,
} from './severity.ts';
export {
  activeStoredSilences,
  createSilence,
  expireSilence,
  listSilences,
  type SilenceRow,
} from './silence-store.ts';
export { activeSilences, isActive, silencedBy } from './silences.ts';
export { fromSloTransition, type SloAlertInput } from './slo-alerts.ts';
