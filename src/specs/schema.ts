import type { z } from 'zod';
import {
  alertRouteDocumentSchema,
  integrationDocumentSchema,
  silenceDocumentSchema,
} from './schema-alerting.ts';
import { serviceDocumentSchema, teamDocumentSchema } from './schema-catalog.ts';
import { freezeWindowDocumentSchema } from './schema-deploys.ts';
import { incidentPolicyDocumentSchema, statusPageDocumentSchema } from './schema-incidents.ts';
import {
  escalationPolicyDocumentSchema,
  personDocumentSchema,
  scheduleDocumentSchema,
} from './schema-oncall.ts';
import { errorBudgetPolicyDocumentSchema } from './schema-policy.ts';
import { rolloutPlanDocumentSchema } from './schema-rollouts.ts';
import { sloDocumentSchema } from './schema-slo.ts';
import { dataSourceDocumentSchema, probeDocumentSchema } from './schema-sources.ts';

/** Every nines.dev/v1 kind and the schema of its whole document. */
export const ninesDocumentSchemas = {
  Team: teamDocumentSchema,
  Service: serviceDocumentSchema,
  DataSource: dataSourceDocumentSchema,
  Probe: probeDocumentSchema,
  ErrorBudgetPolicy: errorBudgetPolicyDocumentSchema,
  SLO: sloDocumentSchema,
  Person: personDocumentSchema,
  Schedule: scheduleDocumentSchema,
  EscalationPolicy: escalationPolicyDocumentSchema,
  AlertRoute: alertRouteDocumentSchema,
  Silence: silenceDocumentSchema,
  Integration: integrationDocumentSchema,
  IncidentPolicy: incidentPolicyDocumentSchema,
  StatusPage: statusPageDocumentSchema,
  FreezeWindow: freezeWindowDocumentSchema,
  RolloutPlan: rolloutPlanDocumentSchema,
} as const satisfies Record<string, z.ZodType>;

export type NinesKind = keyof typeof ninesDocumentSchemas;

/** The parsed (defaults applied) document of a kind. */
export type NinesDocument<K extends NinesKind> = z.output<(typeof ninesDocumentSchemas)[K]>;

/** True when `kind` is one of our kinds. */
export function isNinesKind(kind: string): kind is NinesKind {
  return Object.hasOwn(ninesDocumentSchemas, kind);
}
