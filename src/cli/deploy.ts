import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { asTyped, serverClient, serverOptions } from './server-client.ts';

const connection = '[--server URL] [--token T]';

/** `SHA@TIME` (TIME in RFC 3339 or epoch ms) → a commit of the deploy body. */
export function parseCommit(text: string): { sha: string; time: string | number } {
  const at = text.indexOf('@');
  if (at <= 0 || at === text.length - 1) {
    throw new UsageError(`--commit must be SHA@TIME (e.g. 3f2a9c1@2026-12-06T09:00:00Z), got "${text}"`);
  }
  const time = text.slice(at + 1);
  return { sha: text.slice(0, at), time: /^\d+$/.test(time) ? Number(time) : time };
}

export const start = defineCommand({
  usage: `nines deploy start SERVICE VERSION [--commit SHA@TIME]… [--environment ENV] [--strategy rolling|canary|blue-green] [--actor WHO] [--rollout PLAN [--change feature|reliability|security]] ${connection}`,
  summary:
    'Records a deployment as it starts and prints its id (for `nines deploy finish`); with --rollout, Nines drives it through that RolloutPlan (the rollout id goes to stderr).',
  options: {
    ...serverOptions,
    commit: { type: 'string', multiple: true },
    environment: { type: 'string' },
    strategy: { type: 'string' },
    actor: { type: 'string' },
    rollout: { type: 'string' },
    change: { type: 'string' },
  },
  positionals: [2, 2],
  async run({ values, positionals, io }) {
    const commits = ((values.commit ?? []) as unknown as string[]).map(parseCommit);
    const client = serverClient(values, io);
    const body = {
      service: positionals[0] as string,
      version: positionals[1] as string,
      commits,
      ...(values.environment ? { environment: values.environment as string } : {}),
      ...(values.strategy ? { strategy: asTyped<'rolling'>(values.strategy as string) } : {}),
      ...(values.actor ? { actor: values.actor as string } : {}),
      ...(values.rollout ? { rolloutPlan: values.rollout as string } : {}),
      ...(values.change ? { change: asTyped<'feature'>(values.change as string) } : {}),
    };
    if (values.change && !values.rollout) throw new UsageError('--change goes with --rollout PLAN');
    const deploy = await client.call((api) => api.POST('/api/v1/deploys', { body }));
    io.out(String(deploy.id));
    if (deploy.rollout) {
      io.err(
        `rollout ${deploy.rollout.id}: ${deploy.rollout.plan}, step 1 of ${deploy.rollout.steps.length} (${deploy.rollout.weight}%)`,
      );
    }
    return EXIT_OK;
  },
});

export const finish = defineCommand({
  usage: `nines deploy finish ID --outcome succeeded|failed|rolled_back ${connection}`,
  summary: 'Records how a deployment ended (once).',
  options: { ...serverOptions, outcome: { type: 'string' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    if (!values.outcome) throw new UsageError('--outcome is required: succeeded, failed or rolled_back');
    const client = serverClient(values, io);
    const id = asTyped<number>(positionals[0] as string);
    const deploy = await client.call((api) =>
      api.POST('/api/v1/deploys/{id}/finish', {
        params: { path: { id } },
        body: { outcome: asTyped<'succeeded'>(values.outcome as string) },
      }),
    );
    io.out(
      `deploy ${deploy.id}: ${deploy.service} ${deploy.version} ${deploy.outcome} at ${deploy.finishedAt}`,
    );
    return EXIT_OK;
  },
});
