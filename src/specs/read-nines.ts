import type { z } from 'zod';
import { alertRouteToModel, integrationToModel, silenceToModel } from './alerting-to-model.ts';
import { freezeWindowToModel } from './deploys-to-model.ts';
import { type Collected, collected, failedDocument, type ModelKind } from './entries.ts';
import { incidentPolicyToModel, statusPageToModel } from './incidents-to-model.ts';
import { type RefField, readLooseRefs } from './loose-refs.ts';
import { prometheusSourceHint, sloToModel } from './nines-slo-to-model.ts';
import {
  dataSourceToModel,
  memberHint,
  policyToModel,
  probeToModel,
  serviceToModel,
  teamToModel,
} from './nines-to-model.ts';
import { escalationPolicyToModel, personToModel, scheduleToModel, targetKinds } from './oncall-to-model.ts';
import { problemAt } from './problems.ts';
import { rolloutPlanToModel } from './rollouts-to-model.ts';
import { isNinesKind, type NinesDocument, type NinesKind, ninesDocumentSchemas } from './schema.ts';
import { isEmailMember } from './schema-catalog.ts';
import type { YamlDocument } from './yaml-documents.ts';
import { issuesToProblems, valueAt } from './zod-issues.ts';

type ToModel<K extends NinesKind> = (parsed: NinesDocument<K>, doc: YamlDocument) => Collected;

const entryKinds: Record<NinesKind, ModelKind> = {
  Team: 'teams',
  Service: 'services',
  DataSource: 'dataSources',
  Probe: 'probes',
  ErrorBudgetPolicy: 'policies',
  SLO: 'slos',
  Person: 'persons',
  Schedule: 'schedules',
  EscalationPolicy: 'escalationPolicies',
  AlertRoute: 'alertRoutes',
  Silence: 'silences',
  Integration: 'integrations',
  IncidentPolicy: 'incidentPolicies',
  StatusPage: 'statusPages',
  FreezeWindow: 'freezeWindows',
  RolloutPlan: 'rolloutPlans',
};

/** The references of each kind, read from documents that fail validation. */
const refFields: Record<NinesKind, readonly RefField[]> = {
  Team: [
    { kind: 'persons', path: ['spec', 'members', '*'], hint: memberHint, skip: isEmailMember },
    { kind: 'escalationPolicies', path: ['spec', 'escalationPolicy'] },
  ],
  Service: [
    { kind: 'teams', path: ['spec', 'owner'] },
    { kind: 'services', path: ['spec', 'dependsOn', '*'] },
  ],
  DataSource: [],
  Probe: [{ kind: 'services', path: ['spec', 'service'] }],
  ErrorBudgetPolicy: [],
  SLO: [
    { kind: 'services', path: ['spec', 'service'] },
    { kind: 'probes', path: ['spec', 'indicator', 'probe'] },
    {
      kind: 'dataSources',
      path: ['spec', 'indicator', 'prometheus', 'source'],
      hint: prometheusSourceHint,
    },
    { kind: 'policies', path: ['spec', 'policy'] },
  ],
  Person: [],
  Schedule: [{ kind: 'persons', path: ['spec', 'layers', '*', 'participants', '*'] }],
  EscalationPolicy: (['schedule', 'person', 'team'] as const).map((target) => ({
    kind: targetKinds[target],
    path: ['spec', 'levels', '*', 'targets', '*', target],
  })),
  AlertRoute: [
    { kind: 'services', path: ['spec', 'service'] },
    { kind: 'escalationPolicies', path: ['spec', 'escalationPolicy'] },
  ],
  Silence: [],
  Integration: [{ kind: 'services', path: ['spec', 'service'] }],
  IncidentPolicy: [],
  StatusPage: [{ kind: 'services', path: ['spec', 'components', '*', 'services', '*'] }],
  FreezeWindow: [
    { kind: 'services', path: ['spec', 'services', '*'] },
    { kind: 'teams', path: ['spec', 'teams', '*'] },
  ],
  RolloutPlan: [{ kind: 'services', path: ['spec', 'services', '*'] }],
};

const toModel: { [K in NinesKind]: ToModel<K> } = {
  Team: teamToModel,
  Service: serviceToModel,
  DataSource: dataSourceToModel,
  Probe: probeToModel,
  ErrorBudgetPolicy: policyToModel,
  SLO: sloToModel,
  Person: personToModel,
  Schedule: scheduleToModel,
  EscalationPolicy: escalationPolicyToModel,
  AlertRoute: alertRouteToModel,
  Silence: silenceToModel,
  Integration: integrationToModel,
  IncidentPolicy: incidentPolicyToModel,
  StatusPage: statusPageToModel,
  FreezeWindow: freezeWindowToModel,
  RolloutPlan: rolloutPlanToModel,
};

/** Reads one nines.dev/v1 document: validate against its kind's schema, then map into the model. */
export function readNinesDocument(doc: YamlDocument, kind: string): Collected {
  if (!isNinesKind(kind)) {
    const known = Object.keys(ninesDocumentSchemas).join(', ');
    return collected({
      problems: [
        problemAt(doc.at(['kind']), `unknown kind "${kind}" for nines.dev/v1; expected one of ${known}`),
      ],
    });
  }
  return readKind(kind, doc);
}

function readKind<K extends NinesKind>(kind: K, doc: YamlDocument): Collected {
  const schema: z.ZodType<NinesDocument<K>> = ninesDocumentSchemas[kind] as never;
  const parsed = schema.safeParse(doc.value);
  if (parsed.success) return toModel[kind](parsed.data, doc);
  const name = valueAt(doc.value, ['metadata', 'name']);
  const problems = issuesToProblems(parsed.error.issues, doc);
  const looseRefs = readLooseRefs(doc, refFields[kind], problems);
  return { ...failedDocument(entryKinds[kind], name, problems), looseRefs };
}
