import { isNinesError } from '../core/errors.ts';
import { defineCommand, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, UsageError } from './command.ts';
import { serverClient, serverOptions } from './server-client.ts';

const changes = ['feature', 'reliability', 'security'] as const;

/**
 * For CI pipelines: exit 0 when the deploy may go (a warn prints its reasons), 1 when the gate blocks it
 * (reasons printed), 2 on wrong usage or when the server cannot answer (an unknown service included), so a
 * pipeline can tell "held" from "could not ask".
 */
export const check = defineCommand({
  usage: 'nines gate check SERVICE [--change feature|reliability|security] [--server URL] [--token T]',
  summary:
    'Asks the deploy gate whether SERVICE may deploy now: exit 0 allowed (warnings printed), 1 blocked, 2 usage or unreachable.',
  options: { ...serverOptions, change: { type: 'string' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const change = (values.change as string | undefined) ?? 'feature';
    if (!(changes as readonly string[]).includes(change)) {
      throw new UsageError(`--change must be one of ${changes.join(', ')}, got "${change}"`);
    }
    const service = positionals[0] as string;
    const client = serverClient(values, io);
    let answer: Awaited<ReturnType<typeof ask>>;
    const ask = () =>
      client.call((api) =>
        api.GET('/api/v1/deploy-gates/{service}/verdict', {
          params: { path: { service }, query: { change: change as (typeof changes)[number] } },
        }),
      );
    try {
      answer = await ask();
    } catch (error) {
      if (!isNinesError(error)) throw error;
      io.err(`error: ${error.message}`);
      return EXIT_USAGE;
    }
    const verdict = answer.data;
    const heading = `${verdict.service}: ${verdict.decision} (${change} change${verdict.state ? `, budget ${verdict.state}` : ''})`;
    const reasons = verdict.reasons.filter((r) => r.decision !== 'allow' || verdict.decision !== 'allow');
    const lines = [heading, ...reasons.map((r) => `  ${r.decision.padEnd(5)} ${r.source}: ${r.message}`)];
    if (verdict.decision === 'block') {
      for (const line of lines) io.err(line);
      return EXIT_PROBLEM;
    }
    io.out(verdict.decision === 'warn' || verdict.overriddenBy ? lines.join('\n') : heading);
    return EXIT_OK;
  },
});
