import { z } from '@hono/zod-openapi';
import { actionItemPriorities, actionItemStatuses, postmortemStatuses } from '../../postmortems/index.ts';
import { nullableTime, time } from '../api-schemas.ts';

const strings = z.array(z.string());

/** An action item as the API shows it. */
export const actionItemSchema = z
  .object({
    id: z.int(),
    postmortemId: z.int(),
    title: z.string(),
    owner: z.string().openapi({ description: 'One person, never a team.' }),
    team: z
      .string()
      .nullable()
      .openapi({ description: "The owner's team (first team listing them), if any." }),
    due: time,
    priority: z.enum(actionItemPriorities),
    status: z.enum(actionItemStatuses),
    overdue: z.boolean().openapi({ description: 'Open or in progress and past due now.' }),
    trackerUrl: z.string().nullable(),
    createdAt: time,
    createdBy: z.string(),
    completedAt: nullableTime,
    overdueNotified: z.int().openapi({ description: 'Reminders queued to the owner (at most one a day).' }),
  })
  .openapi('ActionItem');

export const summarySchema = z
  .object({
    id: z.int(),
    incidentId: z.int(),
    title: z.string(),
    status: z.enum(postmortemStatuses),
    required: z.boolean(),
    requiredReasons: strings.openapi({
      description: '`severity:SEV2`, `slo_breach:<slo>`, `budget:<slo>:42.0%`, `data_loss`.',
    }),
    services: strings,
    tags: strings,
    failureModes: strings,
    createdAt: time,
    updatedAt: time,
    updatedBy: z.string(),
    version: z.int().openapi({ description: 'Send it back with an edit (optimistic concurrency).' }),
  })
  .openapi('PostmortemSummary');

const texts = z.array(z.string());

/** Seed 003 §05's template as stored; edits go through `postmortemPatchSchema`. */
const documentSchema = z.object({
  header: z.object({
    date: z.iso.date().openapi({ description: 'Day the incident started (UTC).' }),
    authors: texts,
    severity: z.string(),
    durationMs: z.number().openapi({ description: 'Detection to resolution.' }),
    commander: z.string().nullable(),
  }),
  summary: z.string(),
  impact: z.object({
    durationMs: z.number().openapi({ description: 'Onset of impact to resolution.' }),
    startedAt: time,
    resolvedAt: nullableTime,
    services: texts,
    usersAffected: z.string(),
    revenueImpact: z.string(),
    supportTickets: z.string(),
    dataImpact: z.string(),
    errorBudget: z.array(
      z.object({
        slo: z.string(),
        service: z.string(),
        objective: z.number(),
        windowLabel: z.string(),
        badEvents: z.number(),
        totalEvents: z.number(),
        windowTotalEvents: z.number(),
        consumedPercent: z.number().nullable(),
        remainingPercentAtEnd: z.number().nullable(),
        breached: z.boolean(),
      }),
    ),
  }),
  timeline: z.array(
    z.object({
      at: time,
      text: z.string(),
      entry: z.string().openapi({ description: 'The timeline entry it comes from (`incident:12`).' }),
    }),
  ),
  whys: z.array(z.object({ why: z.string(), because: z.string() })),
  rootCause: z.string(),
  contributingFactors: texts,
  wentWell: texts,
  couldBeBetter: texts,
  lessonsLearned: texts,
});

export const postmortemSchema = summarySchema
  .extend({
    document: documentSchema.openapi({
      description:
        'Seed 003 §05 template: header (date, authors, severity, durationMs, commander), summary, impact (with `errorBudget` per SLO), timeline, whys, rootCause, contributingFactors, wentWell, couldBeBetter, lessonsLearned.',
    }),
    actionItems: z.array(actionItemSchema),
  })
  .openapi('Postmortem');
