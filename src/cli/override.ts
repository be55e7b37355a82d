import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { serverClient, serverOptions } from './server-client.ts';

export const create = defineCommand({
  usage: 'nines override create SCHEDULE --person P --start TIME --end TIME [--server URL] [--token T]',
  summary: 'Has a person cover a schedule from --start to --end (RFC 3339 or epoch ms, at most 90 days).',
  options: {
    ...serverOptions,
    person: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
  },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    for (const option of ['person', 'start', 'end']) {
      if (!values[option]) throw new UsageError(`--${option} is required`);
    }
    const client = serverClient(values, io);
    const name = positionals[0] as string;
    const body = {
      person: values.person as string,
      start: values.start as string,
      end: values.end as string,
    };
    const override = await client.call((api) =>
      api.POST('/api/v1/schedules/{name}/overrides', { params: { path: { name } }, body }),
    );
    io.out(
      `override ${override.id}: ${override.person} covers ${override.schedule} from ${override.start} to ${override.end}`,
    );
    return EXIT_OK;
  },
});
