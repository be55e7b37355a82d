import { defineCommand, EXIT_OK } from './command.ts';
import { serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

const percent = (ratio: number | null, digits = 3) =>
  ratio === null ? '-' : `${(ratio * 100).toFixed(digits)}%`;
const burn = (value: number | null) => (value === null ? '-' : value.toFixed(2));

export const command = defineCommand({
  usage: 'nines slo status [--server URL] [--token T] [--json]',
  summary: 'Shows the live status of every SLO from a running server ($NINES_SERVER, $NINES_TOKEN).',
  options: { ...serverOptions, json: { type: 'boolean' } },
  async run({ values, io }) {
    const client = serverClient(values, io);
    const { slos } = await client.call((api) => api.GET('/api/v1/slos'));
    if (values.json) {
      io.out(JSON.stringify({ slos }, null, 2));
      return EXIT_OK;
    }
    const rows = slos.map((slo) => [
      slo.name,
      slo.service,
      `${slo.objective}%`,
      percent(slo.sli.ratio),
      percent(slo.errorBudget.remaining, 1),
      burn(slo.burnRates['1h']),
      burn(slo.burnRates['6h']),
      slo.status,
      slo.alerts.map((a) => a.severity).join(',') || '-',
    ]);
    io.out(
      table(
        ['NAME', 'SERVICE', 'OBJECTIVE', 'SLI', 'BUDGET LEFT', 'BURN 1H', 'BURN 6H', 'STATUS', 'FIRING'],
        rows,
      ),
    );
    return EXIT_OK;
  },
});
