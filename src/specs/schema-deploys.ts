import { z } from 'zod';
import { nameSchema, ninesDocumentSchema } from './schema-common.ts';
import { changeKinds } from './schema-policy.ts';
import { exclusionSchema } from './schema-slo.ts';

/** Spec of a `FreezeWindow`: when the deploy gate holds changes, and for whom. */
export const freezeWindowSpecSchema = z.strictObject({
  reason: z.string().min(1).optional().meta({ description: 'Shown in every verdict it causes.' }),
  services: z
    .array(nameSchema)
    .default([])
    .meta({ description: 'Services it holds. With no services and no teams, it holds everything.' }),
  teams: z.array(nameSchema).default([]).meta({ description: 'Teams whose services it holds.' }),
  windows: z.array(exclusionSchema).min(1, 'a freeze needs at least one window').meta({
    description: 'When it holds: one-off (start, end) or recurring (start, rrule, duration, timeZone).',
  }),
  allow: z
    .array(z.enum(changeKinds))
    .default(['security'])
    .meta({ description: 'Change kinds it lets through.', default: ['security'] }),
  decision: z
    .enum(['block', 'warn'])
    .default('block')
    .meta({ description: 'What the gate answers for a change it holds.' }),
});

export const freezeWindowDocumentSchema = ninesDocumentSchema('FreezeWindow', freezeWindowSpecSchema);

export type FreezeWindowSpec = z.output<typeof freezeWindowSpecSchema>;
