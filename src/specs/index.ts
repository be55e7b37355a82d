export { contactWarnings } from './check-entries.ts';
export { renderJsonSchemas, writeJsonSchemas } from './json-schemas.ts';
export { formatMatcher, labelNamePattern, matchesLabels, parseMatcher } from './label-matchers.ts';
export type { ConfigFile, LoadResult } from './load-config.ts';
export { loadConfigFiles } from './load-config.ts';
export { loadConfigDir } from './load-config-dir.ts';
export type { AlertRoute, Integration, LabelMatcher, Severity, Silence } from './model/alerting.ts';
export type { CallPolicy, Lifecycle, Link, Readiness, Service, Team, Tier } from './model/catalog.ts';
export type { ContactMethod, Origin, SecretRef, SourceLocation } from './model/common.ts';
export type { FreezeWindow } from './model/deploys.ts';
export type {
  IncidentPolicy,
  IncidentSeverity,
  PostmortemCriteria,
  PublishAutoDeclared,
  UpdateCadence,
} from './model/incidents.ts';
export { defaultIncidentPolicy, incidentPolicyOf } from './model/incidents.ts';
export type { Model } from './model/model.ts';
export { emptyModel } from './model/model.ts';
export type {
  EscalationLevel,
  EscalationPolicy,
  EscalationTarget,
  Person,
  Restriction,
  Schedule,
  ScheduleLayer,
  Weekday,
} from './model/oncall.ts';
export type { RolloutAction, RolloutActionTarget, RolloutPlan, RolloutStepSpec } from './model/rollouts.ts';
export type {
  AlertTier,
  Budgeting,
  BudgetState,
  BurnCondition,
  CatastrophicTier,
  ChangeKind,
  ErrorBudgetPolicy,
  Exclusion,
  Indicator,
  Slo,
  SloAlerting,
  SloWindow,
} from './model/slos.ts';
export {
  DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO,
  DEFAULT_CATASTROPHIC_MIN_EVENTS,
  defaultCatastrophicCondition,
  defaultPageConditions,
  defaultTicketConditions,
  WORKBOOK_WINDOW_MS,
} from './model/slos.ts';
export type {
  DataSource,
  DnsCheck,
  HttpCheck,
  Probe,
  ProbeCheck,
  PrometheusDataSource,
  TcpCheck,
} from './model/sources.ts';
export type { DegradeOn, StatusComponent, StatusPage } from './model/status-page.ts';
export type { ConfigProblem } from './problems.ts';
export { formatLocation, formatProblem, toConfigError } from './problems.ts';
export { weekdays } from './schedule-parts.ts';
export type { NinesDocument, NinesKind } from './schema.ts';
export { isNinesKind, ninesDocumentSchemas } from './schema.ts';
export type { AlertRouteSpec, IntegrationSpec, SilenceSpec } from './schema-alerting.ts';
export {
  alertRouteDocumentSchema,
  alertRouteSpecSchema,
  integrationDocumentSchema,
  integrationSpecSchema,
  labelMatcherSchema,
  silenceDocumentSchema,
  silenceSpecSchema,
} from './schema-alerting.ts';
export type { ServiceSpec, TeamSpec } from './schema-catalog.ts';
export {
  serviceDocumentSchema,
  serviceSpecSchema,
  teamDocumentSchema,
  teamSpecSchema,
} from './schema-catalog.ts';
export { metadataSchema, nameSchema } from './schema-common.ts';
export { contactSchema } from './schema-contacts.ts';
export type { IncidentPolicySpec, StatusPageSpec } from './schema-incidents.ts';
export {
  incidentPolicyDocumentSchema,
  incidentPolicySpecSchema,
  statusPageDocumentSchema,
  statusPageSpecSchema,
} from './schema-incidents.ts';
export type { EscalationPolicySpec, PersonSpec, ScheduleSpec } from './schema-oncall.ts';
export {
  escalationPolicyDocumentSchema,
  escalationPolicySpecSchema,
  minAckTimeoutMs,
  personDocumentSchema,
  personSpecSchema,
  scheduleDocumentSchema,
  scheduleSpecSchema,
} from './schema-oncall.ts';
export type { ErrorBudgetPolicySpec } from './schema-policy.ts';
export {
  changeKinds,
  defaultBlockExemptions,
  defaultDeployActions,
  errorBudgetPolicyDocumentSchema,
  errorBudgetPolicySpecSchema,
} from './schema-policy.ts';
export { rolloutTemplateNames } from './schema-rollouts.ts';
export type { SloSpec } from './schema-slo.ts';
export { burnWindows, sloDocumentSchema, sloSpecSchema } from './schema-slo.ts';
export type { DataSourceSpec, ProbeSpec } from './schema-sources.ts';
export {
  dataSourceDocumentSchema,
  dataSourceSpecSchema,
  probeDocumentSchema,
  probeSpecSchema,
} from './schema-sources.ts';
