import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { segment, serverClient, serverOptions } from './server-client.ts';

interface Override {
  id: string;
  schedule: string;
  person: string;
  start: string;
  end: string;
}

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
    const schedule = segment(positionals[0] as string);
    const override = await client.request<Override>('POST', `/api/v1/schedules/${schedule}/overrides`, {
      person: values.person,
      start: values.start,
      end: values.end,
    });
    io.out(
      `override ${override.id}: ${override.person} covers ${override.schedule} from ${override.start} to ${override.end}`,
    );
    return EXIT_OK;
  },
});
