import { parseDuration } from '../core/duration.ts';
import { type Collected, collected, type Reference } from './entries.ts';
import type { Severity } from './model/alerting.ts';
import type { IncidentPolicy, IncidentSeverity, UpdateCadence } from './model/incidents.ts';
import type { StatusPage } from './model/status-page.ts';
import { nameLocation } from './nines-to-model.ts';
import type { NinesDocument } from './schema.ts';
import type { YamlDocument } from './yaml-documents.ts';

type CadenceSpec = NinesDocument<'IncidentPolicy'>['spec']['updateCadence'];

// The schema checked every key against its severity pattern, so the casts only narrow the key type.
function toCadences(spec: CadenceSpec): Partial<Record<IncidentSeverity, UpdateCadence>> {
  const entries = Object.entries(spec).map(([severity, cadence]) => [
    severity as IncidentSeverity,
    {
      remindAfterMs: parseDuration(cadence.remindAfter) as number,
      dueAfterMs: parseDuration(cadence.dueAfter) as number,
    },
  ]);
  return Object.fromEntries(entries);
}

/** The IncidentPolicy document as a model entry, defaults already applied by the schema. */
export function incidentPolicyToModel(
  { metadata, spec }: NinesDocument<'IncidentPolicy'>,
  doc: YamlDocument,
): Collected {
  const { requiredFor } = spec.postmortem;
  const value: IncidentPolicy = {
    name: metadata.name,
    autoDeclare: { ...(spec.autoDeclare as Partial<Record<Severity, IncidentSeverity>>) },
    publishAutoDeclared: spec.publishAutoDeclared,
    updateCadence: toCadences(spec.updateCadence),
    postmortem: {
      severities: [...requiredFor.severities],
      sloBreach: requiredFor.sloBreach,
      budgetConsumedPercent: requiredFor.budgetConsumedPercent,
      dataLoss: requiredFor.dataLoss,
    },
    actionItemTargetMs: parseDuration(spec.actionItemTarget) as number,
    origin: 'nines',
    source: nameLocation(doc),
  };
  return collected({ entries: [{ kind: 'incidentPolicies', value, refs: [] }] });
}

/** The StatusPage document as a model entry, with every component's services to check. */
export function statusPageToModel(
  { metadata, spec }: NinesDocument<'StatusPage'>,
  doc: YamlDocument,
): Collected {
  const value: StatusPage = {
    name: metadata.name,
    title: spec.title,
    ...(spec.description ? { description: spec.description } : {}),
    components: spec.components.map((component) => ({
      name: component.name,
      displayName: component.displayName,
      ...(component.description ? { description: component.description } : {}),
      services: [...component.services],
      ...(component.group ? { group: component.group } : {}),
    })),
    degradeOn: spec.degradeOn,
    origin: 'nines',
    source: nameLocation(doc),
  };
  const refs: Reference[] = spec.components.flatMap((component, componentIndex) =>
    component.services.map((name, index) => ({
      kind: 'services' as const,
      name,
      at: doc.at(['spec', 'components', componentIndex, 'services', index]),
    })),
  );
  return collected({ entries: [{ kind: 'statusPages', value, refs }] });
}
