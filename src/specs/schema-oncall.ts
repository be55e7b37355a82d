import { z } from 'zod';
import { parseDuration } from '../core/duration.ts';
import { parseLayerStart, parseTimeOfDay, parseTurn, weekdays } from './schedule-parts.ts';
import {
  durationSchema,
  exactlyOneOf,
  nameSchema,
  ninesDocumentSchema,
  timeZoneSchema,
} from './schema-common.ts';
import { contactsSchema } from './schema-contacts.ts';

/** Spec of a `Person`: someone who can be on call. */
export const personSpecSchema = z.strictObject({
  displayName: z.string().optional().meta({ description: 'Human-friendly name.' }),
  timeZone: timeZoneSchema.default('UTC').meta({ description: 'IANA zone, for business hours in reports.' }),
  contacts: contactsSchema,
});

const turnMessage = 'expected a turn length such as 12h, 1d, 1w or {every: 2, unit: weeks}';

const turnSchema = z.union(
  [
    z.string().refine((text) => parseTurn(text) !== undefined, turnMessage),
    z.strictObject({
      every: z
        .int('expected a whole number')
        .min(1, 'every must be at least 1')
        .meta({ description: 'How many units one turn lasts.' }),
      unit: z.enum(['hours', 'days', 'weeks']).meta({ description: 'hours, days or weeks.' }),
    }),
  ],
  { error: turnMessage },
);

const layerStartSchema = z.string().superRefine((text, ctx) => {
  const start = parseLayerStart(text);
  if ('error' in start) ctx.addIssue({ code: 'custom', message: start.error });
});

const timeOfDaySchema = (isEnd: boolean) =>
  z
    .string()
    .refine(
      (text) => parseTimeOfDay(text, isEnd) !== undefined,
      isEnd
        ? 'expected a time such as 17:00 (00:00 to 24:00)'
        : 'expected a time such as 09:00 (00:00 to 23:59)',
    );

const restrictionSchema = z.strictObject({
  days: z
    .array(z.enum(weekdays))
    .min(1)
    .superRefine((days, ctx) => {
      days.forEach((day, index) => {
        if (days.indexOf(day) !== index)
          ctx.addIssue({ code: 'custom', path: [index], message: `${day} is listed twice` });
      });
    })
    .default([...weekdays])
    .meta({ description: 'Days a window starts on (mon..sun); every day by default.' }),
  start: timeOfDaySchema(false).meta({ description: 'Local start time, HH:MM.' }),
  end: timeOfDaySchema(true).meta({
    description: 'Local end time, HH:MM (24:00 allowed); at or before start crosses midnight.',
  }),
});

const layerSchema = z.strictObject({
  name: z.string().min(1).meta({ description: 'Name of the rotation, unique in the schedule.' }),
  participants: z
    .array(nameSchema)
    .min(1)
    .meta({ description: 'Person names, in turn order (a name may appear more than once).' }),
  turn: turnSchema.meta({ description: 'Turn length: 12h, 1d, 1w or {every, unit}.' }),
  start: layerStartSchema.meta({
    description: "First handoff, local wall time in the layer's timeZone (2026-01-05T09:00 or a date).",
  }),
  timeZone: timeZoneSchema
    .optional()
    .meta({ description: "Zone of start and restrictions; the schedule's by default." }),
  restrictions: z
    .array(restrictionSchema)
    .default([])
    .meta({ description: 'When non-empty, the layer covers only these windows.' }),
});

/** Spec of a `Schedule`: rotation layers; a later layer overrides earlier ones where it has someone. */
export const scheduleSpecSchema = z.strictObject({
  description: z.string().optional().meta({ description: 'What the schedule is for.' }),
  timeZone: timeZoneSchema.default('UTC').meta({ description: 'Default zone of the layers.' }),
  layers: z
    .array(layerSchema)
    .min(1)
    .superRefine((layers, ctx) => {
      layers.forEach((layer, index) => {
        if (layers.findIndex((other) => other.name === layer.name) !== index)
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `duplicate layer name "${layer.name}"`,
          });
      });
    })
    .meta({ description: 'Rotations, lowest first.' }),
});

/** The shortest acknowledgement timeout: anything shorter cannot be acted on by a person. */
export const minAckTimeoutMs = 10_000;

const targetSchema = z
  .strictObject({
    schedule: nameSchema.optional().meta({ description: 'Whoever is on call in this Schedule.' }),
    person: nameSchema.optional().meta({ description: 'This Person.' }),
    team: nameSchema.optional().meta({ description: "This Team's contacts." }),
  })
  .check(exactlyOneOf(['schedule', 'person', 'team']));

const levelSchema = z.strictObject({
  ackTimeout: durationSchema
    .refine((text) => (parseDuration(text) ?? 0) >= minAckTimeoutMs, 'ackTimeout must be at least 10s')
    .default('5m')
    .meta({ description: 'Time to acknowledge before the next level is notified (at least 10s).' }),
  targets: z
    .array(targetSchema)
    .min(1)
    .meta({ description: 'Who is notified: {schedule}, {person} or {team} each.' }),
});

/** Spec of an `EscalationPolicy`: levels notified in turn until someone acknowledges. */
export const escalationPolicySpecSchema = z.strictObject({
  // PagerDuty's limit: more rounds only repeat the same unanswered pages.
  repeat: z
    .int('expected a whole number')
    .min(0, 'repeat must be between 0 and 9')
    .max(9, 'repeat must be between 0 and 9')
    .default(0)
    .meta({ description: 'How many more times the whole policy runs when nobody acknowledges.' }),
  levels: z.array(levelSchema).min(1).meta({ description: 'Escalation levels, first notified first.' }),
});

export const personDocumentSchema = ninesDocumentSchema('Person', personSpecSchema);
export const scheduleDocumentSchema = ninesDocumentSchema('Schedule', scheduleSpecSchema);
export const escalationPolicyDocumentSchema = ninesDocumentSchema(
  'EscalationPolicy',
  escalationPolicySpecSchema,
);

export type PersonSpec = z.output<typeof personSpecSchema>;
export type ScheduleSpec = z.output<typeof scheduleSpecSchema>;
export type EscalationPolicySpec = z.output<typeof escalationPolicySpecSchema>;
