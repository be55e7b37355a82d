export { renderJsonSchemas, writeJsonSchemas } from './json-schemas.ts';
export type { ConfigFile, LoadResult } from './load-config.ts';
export { loadConfigFiles } from './load-config.ts';
export { loadConfigDir } from './load-config-dir.ts';
export type {
  AlertTier,
  Budgeting,
  BudgetState,
  BurnCondition,
  DataSource,
  DnsCheck,
  ErrorBudgetPolicy,
  Exclusion,
  HttpCheck,
  Indicator,
  Lifecycle,
  Link,
  Model,
  Origin,
  Probe,
  ProbeCheck,
  PrometheusDataSource,
  SecretRef,
  Service,
  Slo,
  SloAlerting,
  SloWindow,
  SourceLocation,
  TcpCheck,
  Team,
  Tier,
} from './model.ts';
export { defaultPageConditions, defaultTicketConditions, WORKBOOK_WINDOW_MS } from './model.ts';
export type { ConfigProblem } from './problems.ts';
export { formatProblem, toConfigError } from './problems.ts';
export type { NinesDocument, NinesKind } from './schema.ts';
export { isNinesKind, ninesDocumentSchemas } from './schema.ts';
export type { ServiceSpec, TeamSpec } from './schema-catalog.ts';
export {
  serviceDocumentSchema,
  serviceSpecSchema,
  teamDocumentSchema,
  teamSpecSchema,
} from './schema-catalog.ts';
export { metadataSchema, nameSchema } from './schema-common.ts';
export type { ErrorBudgetPolicySpec } from './schema-policy.ts';
export { errorBudgetPolicyDocumentSchema, errorBudgetPolicySpecSchema } from './schema-policy.ts';
export type { SloSpec } from './schema-slo.ts';
export { burnWindows, sloDocumentSchema, sloSpecSchema } from './schema-slo.ts';
export type { DataSourceSpec, ProbeSpec } from './schema-sources.ts';
export {
  dataSourceDocumentSchema,
  dataSourceSpecSchema,
  probeDocumentSchema,
  probeSpecSchema,
} from './schema-sources.ts';
