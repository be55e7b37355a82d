export { AUTO_ACTOR, acknowledgeIncidentOfPage, autoDeclareFromPages } from './auto-declare.ts';
export { blastRadius } from './blast-radius.ts';
export { type DeclareIncidentInput, declareIncident } from './declare-incident.ts';
export { addIncidentEvent, type IncidentEventKind } from './incident-events.ts';
export { addNote, postStatusUpdate } from './incident-notes.ts';
export { assignRole } from './incident-roles.ts';
export {
  type IncidentRole,
  type IncidentRoles,
  type IncidentRow,
  type IncidentStatus,
  incidentRoles,
  incidentSeverities,
  incidentStatuses,
  type StatusUpdateRow,
} from './incident-row.ts';
export { incidentDetails, incidentUpdates, incidentView, statusUpdateView } from './incident-view.ts';
export { linkPage } from './link-page.ts';
export {
  latestPublicUpdates,
  type PublicIncidentRow,
  type PublicUpdateRow,
  publicIncidents,
  publicUpdatesOf,
} from './public-store.ts';
export { remindStatusUpdates } from './remind-updates.ts';
export { listIncidents, loadIncident } from './store.ts';
export { incidentTimeline, type TimelineEntry } from './timeline.ts';
export { type IncidentChanges, setIncidentStatus, updateIncident } from './update-incident.ts';
