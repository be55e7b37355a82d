import { z } from 'zod';
import { actionItemPriorities, actionItemStatuses, postmortemStatuses } from './postmortem-row.ts';

const text = z.string().max(20_000);
const lines = z.array(z.string().min(1).max(2_000)).max(200);
const labels = z.array(z.string().min(1).max(100)).max(50);

/** Sections people edit; the error budget figures are computed and not editable. */
export const documentPatchSchema = z.strictObject({
  summary: text.optional(),
  impact: z
    .strictObject({
      usersAffected: text.optional(),
      revenueImpact: text.optional(),
      supportTickets: text.optional(),
      dataImpact: text.optional(),
    })
    .optional(),
  timeline: z
    .array(
      z.strictObject({
        at: z.iso.datetime({ offset: true }),
        text: z.string().min(1).max(2_000),
        entry: z.string().default(''),
      }),
    )
    .max(2_000)
    .optional(),
  whys: z
    .array(z.strictObject({ why: text, because: text }))
    .max(20)
    .optional(),
  rootCause: text.optional(),
  contributingFactors: lines.optional(),
  wentWell: lines.optional(),
  couldBeBetter: lines.optional(),
  lessonsLearned: lines.optional(),
});
export type DocumentPatch = z.output<typeof documentPatchSchema>;

/** PATCH /postmortems/{id}: `version` is the one the editor read (optimistic concurrency). */
export const postmortemPatchSchema = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().min(1).max(500).optional(),
  status: z.enum(postmortemStatuses).optional(),
  /** Why a final postmortem goes back to review. */
  reason: z.string().max(2_000).optional(),
  authors: labels.optional(),
  tags: labels.optional(),
  failureModes: labels.optional(),
  document: documentPatchSchema.optional(),
});
export type PostmortemPatch = z.output<typeof postmortemPatchSchema>;

/** A due date: `YYYY-MM-DD` (the end of that day, UTC) or an RFC 3339 instant. */
export const dueSchema = z
  .string()
  .describe('A date (2026-03-31: the end of that day, UTC) or an RFC 3339 instant.')
  .transform((value, ctx): number => {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const ms = day
      ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1) - 1
      : z.iso.datetime({ offset: true }).safeParse(value).success
        ? Date.parse(value)
        : Number.NaN;
    if (!Number.isNaN(ms) && (!day || new Date(ms).toISOString().startsWith(value))) return ms;
    ctx.addIssue({
      code: 'custom',
      message: 'must be a date (2026-03-31) or RFC 3339 (2026-03-31T17:00:00Z)',
    });
    return z.NEVER;
  });

const trackerUrl = z.url({ protocol: /^https?$/ }).max(2_000);

/** POST /postmortems/{id}/action-items. */
export const actionItemInputSchema = z.strictObject({
  title: z.string().min(1).max(500),
  owner: z.string().min(1).max(200),
  due: dueSchema,
  priority: z.enum(actionItemPriorities),
  trackerUrl: trackerUrl.optional(),
});
export type ActionItemInput = z.output<typeof actionItemInputSchema>;

/** PATCH /action-items/{id}; `trackerUrl: null` removes the link. */
export const actionItemPatchSchema = z.strictObject({
  title: z.string().min(1).max(500).optional(),
  owner: z.string().min(1).max(200).optional(),
  due: dueSchema.optional(),
  priority: z.enum(actionItemPriorities).optional(),
  status: z.enum(actionItemStatuses).optional(),
  trackerUrl: trackerUrl.nullable().optional(),
});
export type ActionItemPatch = z.output<typeof actionItemPatchSchema>;
