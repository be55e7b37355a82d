import { z } from 'zod';
import {
  durationSchema,
  exactlyOneOf,
  nameSchema,
  ninesDocumentSchema,
  secretRefSchema,
} from './schema-common.ts';

/** The placeholders an action may use; anything else in `{{…}}` is a config problem, not a runtime surprise. */
export const rolloutTemplateNames = [
  'service',
  'version',
  'environment',
  'weight',
  'step',
  'deployId',
  'rolloutId',
] as const;

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders of `text` that are not one of `rolloutTemplateNames`. */
export function unknownPlaceholders(text: string): string[] {
  const known: readonly string[] = rolloutTemplateNames;
  return [...text.matchAll(placeholderPattern)]
    .map((match) => match[1] as string)
    .filter((name) => !known.includes(name));
}

const templated = (what: string) =>
  z.string().superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder {{${unknown[0]}}} in ${what}; expected one of ${rolloutTemplateNames.map((n) => `{{${n}}}`).join(', ')}`,
      });
    }
  });

const httpActionSchema = z.strictObject({
  url: templated('url')
    .refine((url) => /^https?:\/\/[^/\s]+/.test(url), 'expected an http:// or https:// URL')
    .meta({ description: 'Where to send it; placeholders are URL-encoded.' }),
  method: z
    .enum(['POST', 'PUT', 'PATCH', 'GET', 'DELETE'])
    .default('POST')
    .meta({ description: 'HTTP method.' }),
  headers: z
    .record(
      z.string(),
      z.union([templated('a header'), secretRefSchema], { error: 'expected a string or {env: NAME}' }),
    )
    .default({})
    .meta({ description: 'Request headers; values are text (templated) or {env: NAME}.' }),
  body: templated('body')
    .optional()
    .meta({ description: 'Request body; placeholders are JSON-escaped when it starts with { or [.' }),
  timeout: durationSchema
    .optional()
    .meta({ description: 'Timeout of one attempt (overrides the action’s).' }),
});

/** A plain file name in the allow-listed commands directory: no path, no `..`. */
const commandFileSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, {
    message: 'must be a plain file name in NINES_ROLLOUT_COMMANDS_DIR (no "/", no "..")',
    abort: true,
  })
  .refine(
    (name) => !name.includes('..'),
    'must be a plain file name in NINES_ROLLOUT_COMMANDS_DIR (no "..")',
  );

const commandSchema = z.tuple([commandFileSchema], templated('an argument').max(4_096)).meta({
  description: 'Program (a file in NINES_ROLLOUT_COMMANDS_DIR) and its arguments; run without a shell.',
});

/** One action: an HTTP call or an allow-listed command, with its timeout and bounded retries. */
export const rolloutActionSchema = z
  .strictObject({
    http: httpActionSchema.optional().meta({ description: 'Call this URL.' }),
    command: commandSchema.optional(),
    timeout: durationSchema.default('10s').meta({ description: 'Timeout of one attempt.' }),
    retries: z
      .int()
      .min(0, 'retries must be 0 to 10')
      .max(10, 'retries must be 0 to 10')
      .default(3)
      .meta({ description: 'Further attempts after a failure (backoff 1s, 2s, 4s … at most 30s).' }),
  })
  .check(exactlyOneOf(['http', 'command']));

const stepSchema = z.strictObject({
  weight: z
    .number()
    .gt(0, 'weight must be more than 0 and at most 100')
    .max(100, 'weight must be more than 0 and at most 100')
    .meta({ description: 'Share of traffic on the new version, in percent.' }),
  bake: durationSchema.optional().meta({
    description: 'How long the step bakes under analysis. Default: 30m for tier 1 services, else 10m.',
  }),
});

type StepsCheck = Parameters<Parameters<typeof z.superRefine<unknown[]>>[0]>[1];

/** Weights increase step by step and end at 100; runs even when a sibling field of a step is invalid. */
function checkWeights(steps: unknown[], ctx: StepsCheck): void {
  const weights = steps.map((step) => (step as { weight?: unknown } | null)?.weight);
  for (let index = 1; index < weights.length; index++) {
    const weight = weights[index];
    const previous = weights[index - 1];
    if (typeof weight === 'number' && typeof previous === 'number' && weight <= previous) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'weight'],
        message: `weights must increase step by step: ${weight} after ${previous}`,
      });
    }
  }
  const last = weights.at(-1);
  if (typeof last === 'number' && last !== 100) {
    ctx.addIssue({
      code: 'custom',
      path: [weights.length - 1, 'weight'],
      message: 'the last step must send all traffic (weight 100)',
    });
  }
}

const reservedAnalysisFields = ['service', 'deployId', 'bakeTime'];

/** Spec of a `RolloutPlan`: the traffic steps Nines drives a deploy through, judged by a canary analysis. */
export const rolloutPlanSpecSchema = z.strictObject({
  services: z
    .array(nameSchema)
    .default([])
    .meta({ description: 'Services that may use it; empty: any service.' }),
  steps: z
    .array(stepSchema)
    .min(1, 'a plan needs at least one step')
    .max(100, 'a plan has at most 100 steps')
    .check(z.superRefine(checkWeights, { when: () => true }))
    .meta({ description: 'Traffic weights, strictly increasing, the last 100.' }),
  analysis: z
    .record(z.string(), z.unknown())
    .superRefine((analysis, ctx) => {
      for (const field of reservedAnalysisFields) {
        if (Object.hasOwn(analysis, field)) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `${field} is set by each rollout; leave it out of the plan`,
            params: { at: 'key' },
          });
        }
      }
    })
    .meta({
      description:
        'The canary analysis each step bakes under: the body of POST /api/v1/canary/analyses without service, deployId and bakeTime.',
    }),
  actions: z.strictObject({
    setWeight: rolloutActionSchema.meta({ description: 'Sets the traffic weight of a step.' }),
    rollback: rolloutActionSchema.meta({ description: 'Sends all traffic back to the stable version.' }),
    promote: rolloutActionSchema.optional().meta({ description: 'Makes the new version the stable one.' }),
  }),
  onFailure: z
    .strictObject({
      page: z
        .enum(['P0', 'P1', 'P2', 'P3', 'P4', 'none'])
        .default('P3')
        .meta({ description: 'Severity of the page opened when a rollout fails; none opens no page.' }),
    })
    .prefault({}),
});

export const rolloutPlanDocumentSchema = ninesDocumentSchema('RolloutPlan', rolloutPlanSpecSchema);

export type RolloutPlanSpec = z.output<typeof rolloutPlanSpecSchema>;
export type RolloutActionSpec = z.output<typeof rolloutActionSchema>;
