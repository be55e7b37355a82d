import { type Collected, collected, type Reference } from './entries.ts';
import type { FreezeWindow } from './model/deploys.ts';
import { nameLocation } from './nines-to-model.ts';
import type { NinesDocument } from './schema.ts';
import { toExclusions } from './slo-parts.ts';
import type { YamlDocument } from './yaml-documents.ts';

/** A FreezeWindow document as a model entry; its services and teams must exist. */
export function freezeWindowToModel(
  { metadata, spec }: NinesDocument<'FreezeWindow'>,
  doc: YamlDocument,
): Collected {
  const refs: Reference[] = [
    ...spec.services.map((name, index) => ({
      kind: 'services' as const,
      name,
      at: doc.at(['spec', 'services', index]),
    })),
    ...spec.teams.map((name, index) => ({
      kind: 'teams' as const,
      name,
      at: doc.at(['spec', 'teams', index]),
    })),
  ];
  const value: FreezeWindow = {
    name: metadata.name,
    ...(spec.reason === undefined ? {} : { reason: spec.reason }),
    services: spec.services,
    teams: spec.teams,
    windows: toExclusions(spec.windows),
    allow: spec.allow,
    decision: spec.decision,
    origin: 'nines',
    source: nameLocation(doc),
  };
  return collected({ entries: [{ kind: 'freezeWindows', value, refs }] });
}
