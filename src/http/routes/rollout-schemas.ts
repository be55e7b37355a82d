import { z } from '@hono/zod-openapi';
import { isoTime, isoTimeOrNull } from '../../core/time-format.ts';
import { type RolloutRow, rolloutStatuses } from '../../rollouts/index.ts';
import { changeKinds } from '../../specs/index.ts';
import { nullableTime, time } from '../api-schemas.ts';

const stepSchema = z.object({
  step: z.number().int().openapi({ description: '1-based.' }),
  weight: z.number().openapi({ description: 'Percent of traffic on the new version.' }),
  bakeSeconds: z.number(),
  weightSetAt: nullableTime,
  analysisId: z.number().int().nullable().openapi({ description: 'The canary analysis it baked under.' }),
  bakeStartedAt: nullableTime,
  outcome: z.enum(['pass', 'marginal', 'fail', 'cancelled']).nullable(),
  reason: z.string().nullable(),
  judgedAt: nullableTime,
});

export const rolloutSchema = z
  .object({
    id: z.number().int(),
    deployId: z.number().int(),
    service: z.string(),
    plan: z.string().openapi({ description: 'The RolloutPlan it started with (snapshotted then).' }),
    change: z.enum(changeKinds),
    status: z.enum(rolloutStatuses),
    phase: z
      .enum(['act', 'bake', 'promote', 'rollback', 'done'])
      .openapi({ description: 'act: setting the weight; bake: under analysis; then promote, or rollback.' }),
    step: z.number().int().openapi({ description: 'The current step, 1-based.' }),
    weight: z.number().openapi({ description: "The current step's weight." }),
    steps: z.array(stepSchema),
    inFlight: z
      .object({
        action: z.string(),
        step: z.number().int(),
        key: z.string(),
        attempt: z.number().int(),
        sentAt: time,
      })
      .nullable()
      .openapi({ description: 'An action sent whose result is not recorded yet (its Idempotency-Key).' }),
    failure: z.string().nullable().openapi({ description: 'Why it rolled back or failed.' }),
    createdAt: time,
    createdBy: z.string(),
    updatedAt: time,
    finishedAt: nullableTime,
  })
  .openapi('Rollout');

export function rolloutView(row: RolloutRow) {
  const { state } = row;
  const current = state.steps[state.step];
  return {
    id: row.id,
    deployId: row.deploy_id,
    service: row.service,
    plan: row.plan_name,
    change: row.change_kind,
    status: row.status,
    phase: state.phase,
    step: state.step + 1,
    weight: current?.weight ?? 0,
    steps: state.steps.map((step, index) => ({
      step: index + 1,
      weight: step.weight,
      bakeSeconds: step.bakeMs / 1000,
      weightSetAt: isoTimeOrNull(step.weightSetMs),
      analysisId: step.analysisId,
      bakeStartedAt: isoTimeOrNull(step.bakeStartedMs),
      outcome: step.outcome,
      reason: step.reason,
      judgedAt: isoTimeOrNull(step.judgedMs),
    })),
    inFlight: state.inFlight && {
      action: state.inFlight.action,
      step: state.inFlight.step + 1,
      key: state.inFlight.key,
      attempt: state.inFlight.attempt,
      sentAt: isoTime(state.inFlight.sentMs),
    },
    failure: state.failure?.reason ?? null,
    createdAt: isoTime(row.created_ms),
    createdBy: row.created_by,
    updatedAt: isoTime(row.updated_ms),
    finishedAt: isoTimeOrNull(row.finished_ms),
  };
}
