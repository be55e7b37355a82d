import { parseDuration } from '../core/duration.ts';
import { type Collected, collected, type Reference } from './entries.ts';
import type { EscalationPolicy, EscalationTarget, Person, Schedule, ScheduleLayer } from './model/oncall.ts';
import { nameLocation } from './nines-to-model.ts';
import { parseLayerStart, parseTimeOfDay, parseTurn, type Turn } from './schedule-parts.ts';
import type { NinesDocument } from './schema.ts';
import { toContactMethod } from './schema-contacts.ts';
import type { YamlDocument } from './yaml-documents.ts';

/** A Person document as model entries. */
export function personToModel({ metadata, spec }: NinesDocument<'Person'>, doc: YamlDocument): Collected {
  const value: Person = {
    name: metadata.name,
    ...(spec.displayName ? { displayName: spec.displayName } : {}),
    timeZone: spec.timeZone,
    contacts: spec.contacts.map(toContactMethod),
    origin: 'nines',
    source: nameLocation(doc),
  };
  return collected({ entries: [{ kind: 'persons', value, refs: [] }] });
}

type LayerSpec = NinesDocument<'Schedule'>['spec']['layers'][number];

function toLayer(layer: LayerSpec, scheduleTimeZone: string): ScheduleLayer {
  const start = parseLayerStart(layer.start) as { wall: string };
  return {
    name: layer.name,
    participants: layer.participants,
    turn: typeof layer.turn === 'string' ? (parseTurn(layer.turn) as Turn) : layer.turn,
    start: start.wall,
    timeZone: layer.timeZone ?? scheduleTimeZone,
    restrictions: layer.restrictions.map((restriction) => ({
      days: restriction.days,
      startMinute: parseTimeOfDay(restriction.start) as number,
      endMinute: parseTimeOfDay(restriction.end, true) as number,
    })),
  };
}

/** A Schedule document as model entries, with each participant to check. */
export function scheduleToModel({ metadata, spec }: NinesDocument<'Schedule'>, doc: YamlDocument): Collected {
  const value: Schedule = {
    name: metadata.name,
    ...(spec.description ? { description: spec.description } : {}),
    layers: spec.layers.map((layer) => toLayer(layer, spec.timeZone)),
    origin: 'nines',
    source: nameLocation(doc),
  };
  const refs: Reference[] = spec.layers.flatMap((layer, layerIndex) =>
    layer.participants.map((name, index) => ({
      kind: 'persons' as const,
      name,
      at: doc.at(['spec', 'layers', layerIndex, 'participants', index]),
    })),
  );
  return collected({ entries: [{ kind: 'schedules', value, refs }] });
}

type TargetSpec = NinesDocument<'EscalationPolicy'>['spec']['levels'][number]['targets'][number];

/** The model kind each escalation target key refers to. */
export const targetKinds = { schedule: 'schedules', person: 'persons', team: 'teams' } as const;

function toTarget(target: TargetSpec): EscalationTarget {
  if (target.schedule !== undefined) return { kind: 'schedule', name: target.schedule };
  if (target.person !== undefined) return { kind: 'person', name: target.person };
  return { kind: 'team', name: target.team as string };
}

/** An EscalationPolicy document as model entries, with each target to check. */
export function escalationPolicyToModel(
  { metadata, spec }: NinesDocument<'EscalationPolicy'>,
  doc: YamlDocument,
): Collected {
  const levels = spec.levels.map((level) => ({
    targets: level.targets.map(toTarget),
    ackTimeoutMs: parseDuration(level.ackTimeout) as number,
  }));
  const value: EscalationPolicy = {
    name: metadata.name,
    levels,
    repeat: spec.repeat,
    origin: 'nines',
    source: nameLocation(doc),
  };
  const refs: Reference[] = levels.flatMap((level, levelIndex) =>
    level.targets.map((target, index) => ({
      kind: targetKinds[target.kind],
      name: target.name,
      at: doc.at(['spec', 'levels', levelIndex, 'targets', index, target.kind]),
    })),
  );
  return collected({ entries: [{ kind: 'escalationPolicies', value, refs }] });
}
