import { z } from 'zod';
import { parseInstant } from './exclusion-times.ts';
import { checkMatcherRegex, labelNamePattern, parseMatcher } from './label-matchers.ts';
import type { LabelMatcher } from './model/alerting.ts';
import { nameSchema, ninesDocumentSchema, secretRefSchema } from './schema-common.ts';

const labelNameSchema = z.string().regex(labelNamePattern, 'expected a Prometheus label name');

const matcherTextSchema = z
  .string()
  .transform((text, ctx): LabelMatcher => {
    const parsed = parseMatcher(text);
    if (typeof parsed !== 'string') return parsed;
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  })
  .meta({
    description: 'Alertmanager syntax: label, operator (=, !=, =~, !~) and value, e.g. service="checkout".',
  });

const matcherObjectSchema = z
  .strictObject({
    label: labelNameSchema.meta({ description: 'Label name.' }),
    op: z.enum(['=', '!=', '=~', '!~']).meta({ description: 'Operator: =, !=, =~ or !~.' }),
    value: z.string().meta({ description: 'Value, or a regex matching the whole value for =~ and !~.' }),
  })
  .superRefine((matcher, ctx) => {
    const problem = checkMatcherRegex(matcher);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

/** One label matcher, as text (`severity=~"critical|page"`) or `{label, op, value}`; parses to a LabelMatcher. */
export const labelMatcherSchema = z.union([matcherTextSchema, matcherObjectSchema], {
  error: 'expected a matcher such as service="checkout" or {label, op, value}',
});

const matchersDescription = 'Label matchers that must all hold; regexes match the whole value.';

/** Spec of an `AlertRoute`: what an alert whose labels match gets; routes are tried in reading order. */
export const alertRouteSpecSchema = z.strictObject({
  matchers: z
    .array(labelMatcherSchema)
    // A prefault, because JSON Schema output drops plain defaults of schemas with transforms.
    .prefault([])
    .meta({ description: `${matchersDescription} None: every alert matches.` }),
  service: nameSchema.optional().meta({ description: 'Service the alert is for.' }),
  severity: z
    .enum(['P0', 'P1', 'P2', 'P3', 'P4'])
    .optional()
    .meta({ description: 'P0-P2 page, P3 notifies the team channel, P4 is only recorded.' }),
  escalationPolicy: nameSchema.optional().meta({ description: 'EscalationPolicy that pages.' }),
});

const instantMessage = (example: string) => `expected a date-time with Z or an offset, e.g. ${example}`;

/** Spec of a `Silence`: matching alerts are recorded but notify nobody during [start, end). */
export const silenceSpecSchema = z
  .strictObject({
    matchers: z.array(labelMatcherSchema).min(1).meta({ description: matchersDescription }),
    start: z
      .string()
      .refine((text) => parseInstant(text) !== undefined, instantMessage('2026-11-01T02:00:00Z'))
      .meta({ description: 'Start, with Z or an offset.' }),
    end: z
      .string()
      .refine((text) => parseInstant(text) !== undefined, instantMessage('2026-11-01T04:00:00Z'))
      .meta({ description: 'End (excluded), after start, with Z or an offset.' }),
    comment: z.string().optional().meta({ description: 'Why, for the people who see it.' }),
  })
  .superRefine((value, ctx) => {
    const start = parseInstant(value.start);
    const end = parseInstant(value.end);
    if (start !== undefined && end !== undefined && end <= start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
  });

const routingKeySchema = z.union(
  [
    z.string().regex(/^[a-z0-9]{32}$/, 'expected a routing key of 32 lowercase letters and digits'),
    secretRefSchema,
  ],
  { error: 'expected a routing key of 32 lowercase letters and digits, or {env: NAME}' },
);

/** Spec of an `Integration`: an inbound alert source and what it adds to its alerts. */
export const integrationSpecSchema = z
  .strictObject({
    type: z
      .enum(['pagerduty', 'alertmanager'])
      .meta({ description: 'pagerduty (Events API v2) or alertmanager.' }),
    routingKey: routingKeySchema
      .optional()
      .meta({ description: 'PagerDuty routing_key naming this integration: 32 characters or {env: NAME}.' }),
    service: nameSchema.optional().meta({ description: 'Service its alerts are for, unless they say.' }),
    labels: z
      .record(labelNameSchema, z.string())
      .default({})
      .meta({ description: 'Labels added to every alert it receives.' }),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'pagerduty' && value.routingKey === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'a pagerduty integration needs routingKey',
        params: { at: 'key' },
      });
    if (value.type !== 'pagerduty' && value.routingKey !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['routingKey'],
        message: 'routingKey applies only to type pagerduty',
        params: { at: 'key' },
      });
  });

export const alertRouteDocumentSchema = ninesDocumentSchema('AlertRoute', alertRouteSpecSchema);
export const silenceDocumentSchema = ninesDocumentSchema('Silence', silenceSpecSchema);
export const integrationDocumentSchema = ninesDocumentSchema('Integration', integrationSpecSchema);

export type AlertRouteSpec = z.output<typeof alertRouteSpecSchema>;
export type SilenceSpec = z.output<typeof silenceSpecSchema>;
export type IntegrationSpec = z.output<typeof integrationSpecSchema>;
