import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { asTyped, serverClient, serverOptions } from './server-client.ts';

const connection = '[--server URL] [--token T]';

interface RolloutLike {
  id: number;
  deployId: number;
  service: string;
  plan: string;
  status: string;
  phase: string;
  step: number;
  weight: number;
  failure: string | null;
  steps: Array<{ step: number; weight: number; analysisId: number | null; outcome: string | null }>;
  inFlight: { action: string; key: string; attempt: number } | null;
}

/** The rollout as a few lines people read: where it is, each step's outcome, why it failed. */
export function describeRollout(rollout: RolloutLike): string[] {
  const lines = [
    `rollout ${rollout.id} of deploy ${rollout.deployId} (${rollout.service}, plan ${rollout.plan}): ${rollout.status}, ${rollout.phase} at step ${rollout.step} (${rollout.weight}%)`,
  ];
  for (const step of rollout.steps) {
    const analysis = step.analysisId === null ? '' : ` analysis ${step.analysisId}`;
    lines.push(`  step ${step.step} ${step.weight}%: ${step.outcome ?? 'pending'}${analysis}`);
  }
  if (rollout.inFlight) {
    lines.push(
      `  in flight: ${rollout.inFlight.action} (attempt ${rollout.inFlight.attempt}, key ${rollout.inFlight.key})`,
    );
  }
  if (rollout.failure) lines.push(`  failure: ${rollout.failure}`);
  return lines;
}

export const status = defineCommand({
  usage: `nines rollout status ID ${connection}`,
  summary: 'Shows a rollout: its state, current step, and each step with its analysis and outcome.',
  options: { ...serverOptions },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const id = asTyped<number>(positionals[0] as string);
    const rollout = await client.call((api) =>
      api.GET('/api/v1/rollouts/{id}', { params: { path: { id } } }),
    );
    for (const line of describeRollout(rollout)) io.out(line);
    return EXIT_OK;
  },
});

export const abort = defineCommand({
  usage: `nines rollout abort ID --reason TEXT ${connection}`,
  summary: 'Aborts a rollout: its rollback runs now; the deploy ends rolled_back.',
  options: { ...serverOptions, reason: { type: 'string' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    if (!values.reason)
      throw new UsageError('--reason is required: it goes on the timeline and in the audit log');
    const client = serverClient(values, io);
    const id = asTyped<number>(positionals[0] as string);
    const rollout = await client.call((api) =>
      api.POST('/api/v1/rollouts/{id}/abort', {
        params: { path: { id } },
        body: { reason: values.reason as string },
      }),
    );
    for (const line of describeRollout(rollout)) io.out(line);
    return EXIT_OK;
  },
});
