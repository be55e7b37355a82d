import { z } from 'zod';
import { formatDuration, parseDuration } from '../core/duration.ts';
import { defaultIncidentPolicy } from './model/incidents.ts';
import { durationSchema, nameSchema, ninesDocumentSchema } from './schema-common.ts';

const incidentSeverities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
const severityList = 'SEV1, SEV2, SEV3 or SEV4';

// Record keys are checked by pattern so a wrong key reads `key "SEV5": expected ...`, not "unknown field".
const pageSeverityKey = z.string().regex(/^P[0-4]$/, 'expected a page severity: P0, P1, P2, P3 or P4');
const incidentSeverityKey = z.string().regex(/^SEV[1-4]$/, `expected an incident severity: ${severityList}`);
const incidentSeveritySchema = z.enum(incidentSeverities);

const defaults = defaultIncidentPolicy();

/** The default cadence written the way YAML writes it, so the JSON Schema shows it. */
const defaultCadence = Object.fromEntries(
  Object.entries(defaults.updateCadence).map(([severity, { remindAfterMs, dueAfterMs }]) => [
    severity,
    { remindAfter: formatDuration(remindAfterMs), dueAfter: formatDuration(dueAfterMs) },
  ]),
);

const cadenceSchema = z
  .strictObject({
    remindAfter: durationSchema.meta({ description: 'When the communications lead is reminded.' }),
    dueAfter: durationSchema.meta({ description: 'When the update is late; at least remindAfter.' }),
  })
  .superRefine(({ remindAfter, dueAfter }, ctx) => {
    if ((parseDuration(dueAfter) ?? 0) < (parseDuration(remindAfter) ?? 0))
      ctx.addIssue({ code: 'custom', path: ['dueAfter'], message: 'dueAfter must be at least remindAfter' });
  });

const severitiesSchema = z.array(incidentSeveritySchema).superRefine((severities, ctx) => {
  severities.forEach((severity, index) => {
    if (severities.indexOf(severity) !== index)
      ctx.addIssue({ code: 'custom', path: [index], message: `${severity} is listed twice` });
  });
});

const requiredForSchema = z.strictObject({
  severities: severitiesSchema
    .default(defaults.postmortem.severities)
    .meta({ description: 'Incident severities that always need a postmortem.' }),
  sloBreach: z
    .boolean()
    .default(defaults.postmortem.sloBreach)
    .meta({ description: 'Required when an SLO of an affected service breached during the incident.' }),
  budgetConsumedPercent: z
    .number()
    .min(0)
    .max(100)
    .nullable()
    .default(defaults.postmortem.budgetConsumedPercent)
    .meta({
      description: 'Required when the incident consumed more than this % of an error budget; null: off.',
    }),
  dataLoss: z
    .boolean()
    .default(defaults.postmortem.dataLoss)
    .meta({ description: 'Required when the incident lost data.' }),
});

/** Spec of the `IncidentPolicy`: auto-declaration, update cadence, postmortem criteria; every field optional. */
export const incidentPolicySpecSchema = z.strictObject({
  autoDeclare: z
    .record(pageSeverityKey, incidentSeveritySchema)
    .default(defaults.autoDeclare)
    .meta({ description: 'Page severity -> severity of the incident it declares; {} declares none.' }),
  publishAutoDeclared: z.enum(['manually', 'immediately']).default(defaults.publishAutoDeclared).meta({
    description:
      'When an auto-declared incident reaches the status page: manually (once a person sets public or posts its first public update) or immediately.',
  }),
  updateCadence: z
    .record(incidentSeverityKey, cadenceSchema)
    .default(defaultCadence)
    .meta({ description: 'Status-update cadence per incident severity; a severity left out owes none.' }),
  postmortem: z
    .strictObject({
      requiredFor: requiredForSchema
        .prefault({})
        .meta({ description: 'A postmortem is required when any criterion holds.' }),
    })
    .prefault({})
    .meta({ description: 'When a postmortem is required.' }),
  actionItemTarget: durationSchema
    .default(formatDuration(defaults.actionItemTargetMs))
    .meta({ description: 'An action item done within this long of its creation is on time.' }),
});

const componentSchema = z.strictObject({
  name: nameSchema.meta({ description: 'Stable key, unique in the page (API and URLs).' }),
  displayName: z.string().min(1).meta({ description: 'The name the public reads.' }),
  description: z.string().min(1).optional().meta({ description: 'One line under the name.' }),
  group: z.string().min(1).optional().meta({ description: 'Heading the component is listed under.' }),
  services: z
    .array(nameSchema)
    .min(1)
    .meta({ description: 'Services whose state the component shows (at least one).' }),
});

// Runs even when a component is invalid, so a duplicate shows together with the other problems.
const uniqueComponentNames = z.superRefine(
  (components: unknown, ctx) => {
    if (!Array.isArray(components)) return;
    const names = components.map((component) => (component as { name?: unknown } | null)?.name);
    names.forEach((name, index) => {
      if (typeof name === 'string' && names.indexOf(name) !== index)
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate component "${name}"` });
    });
  },
  { when: () => true },
);

/** Spec of the `StatusPage`: the public page's title and components, each a group of services. */
export const statusPageSpecSchema = z.strictObject({
  title: z.string().min(1).meta({ description: 'Title of the page.' }),
  description: z.string().min(1).optional().meta({ description: 'Shown under the title.' }),
  components: z
    .array(componentSchema)
    .min(1)
    .check(uniqueComponentNames)
    .meta({ description: 'The lines of the page, in order.' }),
  degradeOn: z.enum(['page', 'ticket']).default('page').meta({
    description:
      'Firing burn alerts that show a component as degraded: page (fast burns only) or ticket (slow burns too).',
  }),
});

export const incidentPolicyDocumentSchema = ninesDocumentSchema('IncidentPolicy', incidentPolicySpecSchema);
export const statusPageDocumentSchema = ninesDocumentSchema('StatusPage', statusPageSpecSchema);

export type IncidentPolicySpec = z.output<typeof incidentPolicySpecSchema>;
export type StatusPageSpec = z.output<typeof statusPageSpecSchema>;
