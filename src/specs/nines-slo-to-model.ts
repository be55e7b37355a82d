import { formatDuration } from '../core/duration.ts';
import { type Collected, collected, type Reference } from './entries.ts';
import type { Indicator, Slo } from './model/slos.ts';
import { nameLocation } from './nines-to-model.ts';
import { type ConfigProblem, problemAt } from './problems.ts';
import type { NinesDocument } from './schema.ts';
import { nominalWindowMs, toAlerting, toBudgeting, toExclusions, toSloWindow } from './slo-parts.ts';
import type { YamlDocument } from './yaml-documents.ts';

type SloSpec = NinesDocument<'SLO'>['spec'];

function toIndicator(indicator: SloSpec['indicator']): Indicator {
  if (indicator.prometheus) return { kind: 'prometheus', ...indicator.prometheus };
  if (indicator.probe !== undefined) return { kind: 'probe', probe: indicator.probe };
  return { kind: 'events' };
}

/** Why a prometheus indicator's source must exist, appended to its broken-reference message. */
export const prometheusSourceHint =
  'prometheus indicators read from a DataSource of that name defined in the config directory';

function indicatorRefs(indicator: SloSpec['indicator'], doc: YamlDocument): Reference[] {
  if (indicator.prometheus) {
    const at = doc.at(['spec', 'indicator', 'prometheus', 'source']);
    return [{ kind: 'dataSources', name: indicator.prometheus.source, at, hint: prometheusSourceHint }];
  }
  if (indicator.probe !== undefined) {
    return [{ kind: 'probes', name: indicator.probe, at: doc.at(['spec', 'indicator', 'probe']) }];
  }
  return [];
}

/** Explicit burn conditions must fit inside the SLO window. */
function checkConditionWindows(slo: Slo, doc: YamlDocument): ConfigProblem[] {
  const windowMs = nominalWindowMs(slo.window);
  return (['page', 'ticket'] as const).flatMap((tier) =>
    slo.alerting[tier].conditions.flatMap((condition, index) =>
      condition.longWindowMs > windowMs
        ? [
            problemAt(
              doc.at(['spec', 'alerting', tier, 'conditions', index, 'longWindow']),
              `longWindow ${formatDuration(condition.longWindowMs)} is longer than the SLO window`,
            ),
          ]
        : [],
    ),
  );
}

/** An SLO document as model entries, with its service, policy and indicator references. */
export function sloToModel({ metadata, spec }: NinesDocument<'SLO'>, doc: YamlDocument): Collected {
  const window = toSloWindow(spec.window);
  const value: Slo = {
    name: metadata.name,
    service: spec.service,
    ...(spec.description ? { description: spec.description } : {}),
    objective: spec.objective,
    window,
    budgeting: toBudgeting(spec.budgeting),
    indicator: toIndicator(spec.indicator),
    exclusions: toExclusions(spec.exclusions),
    alerting: toAlerting(spec.alerting, window),
    ...(spec.policy ? { policy: spec.policy } : {}),
    labels: metadata.labels,
    origin: 'nines',
    source: nameLocation(doc),
  };
  const refs: Reference[] = [
    { kind: 'services', name: spec.service, at: doc.at(['spec', 'service']) },
    ...indicatorRefs(spec.indicator, doc),
    ...(spec.policy
      ? [{ kind: 'policies' as const, name: spec.policy, at: doc.at(['spec', 'policy']) }]
      : []),
  ];
  return collected({ entries: [{ kind: 'slos', value, refs }], problems: checkConditionWindows(value, doc) });
}
