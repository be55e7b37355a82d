export {
  DEFAULT_DELIVERY_LIMITS,
  type DeliveryLimits,
  type DeliverySlots,
  deliverNotifications,
  newDeliverySlots,
  nextDeliveryDueMs,
} from './deliver-notifications.ts';
export { escalateDuePages, nextEscalationDueMs } from './escalate-pages.ts';
export { MAX_WAITING_ALERTS } from './group-commit.ts';
export { type AlertOutcome, ingestAlerts } from './ingest-alerts.ts';
export { ACK_LINK_TTL_MS, ackUrlFor, buildMessage, enqueueDeliveries } from './notifications.ts';
export { actOnPage, EarlierRoundError, type PageAction } from './page-actions.ts';
export { addPageEvent, type PageEventKind } from './page-events.ts';
export type { PageRow, PageStatus } from './page-row.ts';
export {
  findPage,
  incidentIdOfPage,
  linkPageToIncident,
  listPages,
  pageAlertOnset,
  pageEventsOfIncident,
  pagesOfIncident,
  settledDeliveriesOfIncident,
  storedAlert,
} from './page-store.ts';
export {
  contactView,
  listReceivedAlerts,
  pageDetails,
  pageStatuses,
  pageView,
  receivedAlertView,
} from './page-views.ts';
export { personRecipient, type Recipient, resolveTargets } from './recipients.ts';
export { linkSigningSecret } from './server-secret.ts';
export { sloIntake } from './slo-intake.ts';
