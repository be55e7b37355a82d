import { parseDuration } from '../core/duration.ts';
import { type Collected, collected, type Reference } from './entries.ts';
import type { RolloutAction, RolloutPlan } from './model/rollouts.ts';
import { nameLocation } from './nines-to-model.ts';
import type { NinesDocument } from './schema.ts';
import type { RolloutActionSpec } from './schema-rollouts.ts';
import type { YamlDocument } from './yaml-documents.ts';

const durationMs = (text: string) => parseDuration(text) as number;

function toAction(spec: RolloutActionSpec): RolloutAction {
  const common = { timeoutMs: durationMs(spec.http?.timeout ?? spec.timeout), retries: spec.retries };
  if (spec.http) {
    const { url, method, headers, body } = spec.http;
    return { kind: 'http', url, method, headers, ...(body === undefined ? {} : { body }), ...common };
  }
  return { kind: 'command', command: spec.command as string[], ...common };
}

/** A RolloutPlan document as a model entry; its services must exist. */
export function rolloutPlanToModel(
  { metadata, spec }: NinesDocument<'RolloutPlan'>,
  doc: YamlDocument,
): Collected {
  const refs: Reference[] = spec.services.map((name, index) => ({
    kind: 'services' as const,
    name,
    at: doc.at(['spec', 'services', index]),
  }));
  const value: RolloutPlan = {
    name: metadata.name,
    services: spec.services,
    steps: spec.steps.map((step) => ({
      weight: step.weight,
      bakeMs: step.bake === undefined ? null : durationMs(step.bake),
    })),
    analysis: spec.analysis,
    actions: {
      setWeight: toAction(spec.actions.setWeight),
      rollback: toAction(spec.actions.rollback),
      ...(spec.actions.promote ? { promote: toAction(spec.actions.promote) } : {}),
    },
    onFailure: { page: spec.onFailure.page },
    origin: 'nines',
    source: nameLocation(doc),
    analysisSource: doc.at(['spec', 'analysis']),
  };
  return collected({ entries: [{ kind: 'rolloutPlans', value, refs }] });
}
