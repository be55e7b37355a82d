import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

export const create = defineCommand({
  usage:
    'nines silence create --match \'service="payment"\' [--match ...] --for 2h --comment TEXT [--server URL] [--token T]',
  summary: 'Silences alerts matching every --match for a while; what it suppresses is recorded, not lost.',
  options: {
    ...serverOptions,
    match: { type: 'string', multiple: true },
    for: { type: 'string' },
    comment: { type: 'string' },
  },
  async run({ values, io }) {
    const matchers = (values.match ?? []) as unknown as string[];
    if (matchers.length === 0) throw new UsageError('at least one --match is required');
    if (!values.for) throw new UsageError('--for is required (e.g. --for 2h)');
    if (!values.comment) throw new UsageError('--comment is required: say why');
    const client = serverClient(values, io);
    const body = { matchers, duration: values.for as string, comment: values.comment as string };
    const silence = await client.call((api) => api.POST('/api/v1/silences', { body }));
    io.out(`silence ${silence.id}: ${silence.matchers.join(', ')} until ${silence.end}`);
    return EXIT_OK;
  },
});

export const list = defineCommand({
  usage: 'nines silence list [--json] [--server URL] [--token T]',
  summary: 'Lists silences from config and from the API, and whether each is active now.',
  options: { ...serverOptions, json: { type: 'boolean' } },
  async run({ values, io }) {
    const client = serverClient(values, io);
    const { silences } = await client.call((api) => api.GET('/api/v1/silences'));
    if (values.json) {
      io.out(JSON.stringify({ silences }, null, 2));
      return EXIT_OK;
    }
    const rows = silences.map((s) => [
      s.id,
      s.origin,
      s.active ? 'yes' : 'no',
      s.matchers.join(', '),
      s.end,
      s.comment ?? '',
    ]);
    io.out(table(['ID', 'ORIGIN', 'ACTIVE', 'MATCHERS', 'END', 'COMMENT'], rows));
    return EXIT_OK;
  },
});

export const expire = defineCommand({
  usage: 'nines silence expire ID [--server URL] [--token T]',
  summary: 'Ends an API-created silence now (config silences are removed from the config).',
  options: { ...serverOptions },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const id = positionals[0] as string;
    const silence = await client.call((api) =>
      api.DELETE('/api/v1/silences/{id}', { params: { path: { id } } }),
    );
    io.out(`silence ${silence.id} ended at ${silence.end}`);
    return EXIT_OK;
  },
});
