import { type Collected, collected, type Reference } from './entries.ts';
import { parseInstant } from './exclusion-times.ts';
import type { AlertRoute, Integration, Silence } from './model/alerting.ts';
import { nameLocation } from './nines-to-model.ts';
import type { NinesDocument } from './schema.ts';
import type { YamlDocument } from './yaml-documents.ts';

function serviceRefs(service: string | undefined, doc: YamlDocument): Reference[] {
  return service === undefined ? [] : [{ kind: 'services', name: service, at: doc.at(['spec', 'service']) }];
}

/** An AlertRoute document as model entries, with its service and escalation policy to check. */
export function alertRouteToModel(
  { metadata, spec }: NinesDocument<'AlertRoute'>,
  doc: YamlDocument,
): Collected {
  const value: AlertRoute = {
    name: metadata.name,
    matchers: spec.matchers,
    ...(spec.service ? { service: spec.service } : {}),
    ...(spec.severity ? { severity: spec.severity } : {}),
    ...(spec.escalationPolicy ? { escalationPolicy: spec.escalationPolicy } : {}),
    origin: 'nines',
    source: nameLocation(doc),
  };
  const refs: Reference[] = [
    ...serviceRefs(spec.service, doc),
    ...(spec.escalationPolicy
      ? [
          {
            kind: 'escalationPolicies' as const,
            name: spec.escalationPolicy,
            at: doc.at(['spec', 'escalationPolicy']),
          },
        ]
      : []),
  ];
  return collected({ entries: [{ kind: 'alertRoutes', value, refs }] });
}

/** A Silence document as model entries. */
export function silenceToModel({ metadata, spec }: NinesDocument<'Silence'>, doc: YamlDocument): Collected {
  const value: Silence = {
    name: metadata.name,
    matchers: spec.matchers,
    startMs: parseInstant(spec.start) as number,
    endMs: parseInstant(spec.end) as number,
    ...(spec.comment ? { comment: spec.comment } : {}),
    origin: 'nines',
    source: nameLocation(doc),
  };
  return collected({ entries: [{ kind: 'silences', value, refs: [] }] });
}

/** An Integration document as model entries, with its service to check. */
export function integrationToModel(
  { metadata, spec }: NinesDocument<'Integration'>,
  doc: YamlDocument,
): Collected {
  const value: Integration = {
    name: metadata.name,
    kind: spec.type,
    ...(spec.routingKey ? { routingKey: spec.routingKey } : {}),
    ...(spec.service ? { service: spec.service } : {}),
    labels: spec.labels,
    origin: 'nines',
    source: nameLocation(doc),
  };
  const locations = { routingKey: doc.at(['spec', 'routingKey']) };
  return collected({
    entries: [{ kind: 'integrations', value, refs: serviceRefs(spec.service, doc), locations }],
  });
}
