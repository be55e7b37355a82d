import { z } from 'zod';
import type { BudgetState, ChangeKind } from './model/slos.ts';

/** What a deploy changes, as a pipeline tells the deploy gate (`?change=`). */
export const changeKinds = ['feature', 'reliability', 'security'] as const satisfies readonly ChangeKind[];

import { ninesDocumentSchema } from './schema-common.ts';

const percentRemaining = z.number().min(0, 'must be within 0..100').max(100, 'must be within 0..100');

const thresholdsSchema = z
  .strictObject({
    caution: percentRemaining
      .default(50)
      .meta({ description: 'Percent of budget remaining where caution begins.' }),
    warning: percentRemaining
      .default(25)
      .meta({ description: 'Percent of budget remaining where warning begins.' }),
    critical: percentRemaining
      .default(10)
      .meta({ description: 'Percent of budget remaining where critical begins.' }),
  })
  .superRefine((t, ctx) => {
    if (t.warning >= t.caution) {
      ctx.addIssue({
        code: 'custom',
        path: ['warning'],
        message: `warning (${t.warning}) must be below caution (${t.caution})`,
      });
    }
    if (t.critical >= t.warning) {
      ctx.addIssue({
        code: 'custom',
        path: ['critical'],
        message: `critical (${t.critical}) must be below warning (${t.warning})`,
      });
    }
  });

const actionSchema = z.strictObject({
  deploy: z
    .enum(['allow', 'warn', 'block'])
    .optional()
    .meta({ description: 'What deploy gates answer in this state; the state default when absent.' }),
  allow: z.array(z.enum(changeKinds)).optional().meta({
    description: 'Change kinds a block still lets through (as a warn). Default: reliability and security.',
  }),
  description: z.string().optional().meta({ description: 'What people are expected to do.' }),
});

/** Change kinds a block lets through when a policy says nothing (seed 003's error budget policy table). */
export const defaultBlockExemptions: readonly ChangeKind[] = ['reliability', 'security'];

/** Deploy verdict per state when a policy says nothing. */
export const defaultDeployActions: Readonly<Record<BudgetState, 'allow' | 'warn' | 'block'>> = {
  healthy: 'allow',
  caution: 'allow',
  warning: 'warn',
  critical: 'block',
  exhausted: 'block',
};

/** Spec of an `ErrorBudgetPolicy`: budget states and what each one implies. */
export const errorBudgetPolicySpecSchema = z.strictObject({
  thresholds: thresholdsSchema
    .prefault({})
    .meta({ description: 'Budget-remaining percents where states begin; strictly decreasing.' }),
  actions: z
    .strictObject({
      healthy: actionSchema.optional(),
      caution: actionSchema.optional(),
      warning: actionSchema.optional(),
      critical: actionSchema.optional(),
      exhausted: actionSchema.optional(),
    })
    .default({})
    .meta({ description: 'Per state: deploy allow|warn|block and a description.' }),
});

export const errorBudgetPolicyDocumentSchema = ninesDocumentSchema(
  'ErrorBudgetPolicy',
  errorBudgetPolicySpecSchema,
);

export type ErrorBudgetPolicySpec = z.output<typeof errorBudgetPolicySpecSchema>;
