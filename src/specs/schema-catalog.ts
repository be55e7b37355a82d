import { z } from 'zod';
import { durationSchema, httpUrlSchema, nameSchema, ninesDocumentSchema } from './schema-common.ts';
import { contactsSchema } from './schema-contacts.ts';

/** True for a member written as an e-mail address (kept for configs from before Person existed). */
export function isEmailMember(member: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(member);
}

/** Spec of a `Team`: the people who own services. */
export const teamSpecSchema = z.strictObject({
  displayName: z.string().optional().meta({ description: 'Human-friendly name.' }),
  description: z.string().optional().meta({ description: 'What the team does.' }),
  members: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'People on the team: Person names, or e-mail addresses.' }),
  channel: z.string().optional().meta({ description: "The team's chat channel, e.g. #payments." }),
  contacts: contactsSchema,
  escalationPolicy: nameSchema.optional().meta({
    description: "EscalationPolicy paging for the team's services unless an AlertRoute says otherwise.",
  }),
});

/** Service fields every format gets when it says nothing. */
export const serviceDefaults = { tier: 3, lifecycle: 'production' } as const;

/** How a service calls one dependency: what seed 000 requires of every outbound call. */
const callPolicySchema = z.strictObject({
  timeout: durationSchema.optional().meta({ description: 'Time limit of one call, e.g. 2s.' }),
  retries: z
    .int('expected a whole number of retries')
    .min(0, 'retries must be 0 to 10')
    .max(10, 'retries must be 0 to 10')
    .optional()
    .meta({ description: 'Retries after a failed call (0 to 10).' }),
  circuitBreaker: z.boolean().optional().meta({ description: 'Whether a circuit breaker guards the calls.' }),
});

/** What the deploy gate requires of a service before it lets a change through. */
const readinessSchema = z.strictObject({
  resilientCalls: z.boolean().default(false).meta({
    description: 'Every dependsOn entry has a `calls` policy with timeout, retries and circuitBreaker.',
  }),
  runbook: z.boolean().default(false).meta({ description: 'A runbook link is declared.' }),
  slo: z.boolean().default(false).meta({ description: 'At least one SLO covers the service.' }),
});

/** Spec of a `Service`: something with an owner, SLOs and dependencies. */
export const serviceSpecSchema = z.strictObject({
  displayName: z.string().optional().meta({ description: 'Human-friendly name.' }),
  description: z.string().optional().meta({ description: 'What the service does.' }),
  owner: nameSchema.meta({ description: 'Name of the owning Team (required).' }),
  tier: z
    .int('expected a whole number from 1 to 4')
    .min(1, 'tier must be 1, 2, 3 or 4')
    .max(4, 'tier must be 1, 2, 3 or 4')
    .default(serviceDefaults.tier)
    .meta({ description: 'Criticality, 1 (most critical) to 4.' }),
  lifecycle: z
    .enum(['experimental', 'production', 'deprecated'])
    .default(serviceDefaults.lifecycle)
    .meta({ description: 'Where the service is in its life.' }),
  dependsOn: z
    .array(nameSchema)
    .default([])
    .meta({ description: 'Names of Services this one calls (must not form a cycle).' }),
  calls: z.record(nameSchema, callPolicySchema).default({}).meta({
    description: 'Per dependency (a dependsOn name): timeout, retries and circuit breaker of its calls.',
  }),
  readiness: readinessSchema
    .prefault({})
    .meta({ description: 'Requirements the deploy gate checks before letting a change through.' }),
  runbook: httpUrlSchema.optional().meta({ description: 'Link to the runbook.' }),
  dashboard: httpUrlSchema.optional().meta({ description: 'Link to the main dashboard.' }),
  links: z
    .array(z.strictObject({ title: z.string().min(1), url: httpUrlSchema }))
    .default([])
    .meta({ description: 'Other useful links.' }),
  tags: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Free-form tags for search and grouping.' }),
});

export const teamDocumentSchema = ninesDocumentSchema('Team', teamSpecSchema);
export const serviceDocumentSchema = ninesDocumentSchema('Service', serviceSpecSchema);

export type TeamSpec = z.output<typeof teamSpecSchema>;
export type ServiceSpec = z.output<typeof serviceSpecSchema>;
