import { defineCommand, EXIT_OK } from './command.ts';
import { serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

export const command = defineCommand({
  usage: 'nines oncall [--at TIME] [--json] [--server URL] [--token T]',
  summary: 'Shows who is on call for every schedule, now or at TIME (RFC 3339 or epoch ms).',
  options: { ...serverOptions, at: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const client = serverClient(values, io);
    const at = values.at ? (values.at as string) : undefined;
    const answer = await client.call((api) => api.GET('/api/v1/oncall', { params: { query: { at } } }));
    if (values.json) {
      io.out(JSON.stringify(answer, null, 2));
      return EXIT_OK;
    }
    const rows = answer.oncall.map((o) => [
      o.schedule,
      o.person ?? '(nobody)',
      o.layer ?? '-',
      o.until ?? '-',
    ]);
    io.out(`On call at ${answer.at}:\n${table(['SCHEDULE', 'PERSON', 'LAYER', 'UNTIL'], rows)}`);
    return EXIT_OK;
  },
});
