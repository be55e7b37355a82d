import { formatDuration } from '../core/duration.ts';
import { windowLabel } from '../engine/index.ts';
import { loadValidModel } from '../main.ts';
import type { Slo } from '../specs/index.ts';
import { defineCommand, EXIT_OK } from './command.ts';
import { table } from './table.ts';

function indicatorLabel(slo: Slo): string {
  switch (slo.indicator.kind) {
    case 'prometheus':
      return `prometheus:${slo.indicator.source}${slo.indicator.groupBy.length ? ` by ${slo.indicator.groupBy.join(',')}` : ''}`;
    case 'probe':
      return `probe:${slo.indicator.probe}`;
    case 'events':
      return 'events';
  }
}

export const command = defineCommand({
  usage: 'nines slo list [--config DIR] [--json]',
  summary: 'Lists the SLO definitions of a config directory (default $NINES_CONFIG or ./nines).',
  options: { config: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const dir = (values.config as string | undefined) ?? io.env.NINES_CONFIG ?? './nines';
    const model = await loadValidModel(dir);
    const slos = [...model.slos].sort((a, b) => a.name.localeCompare(b.name));
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            slos: slos.map(({ source, ...slo }) => ({
              ...slo,
              file: `${source.file}:${source.line}:${source.col}`,
            })),
          },
          null,
          2,
        ),
      );
      return EXIT_OK;
    }
    const rows = slos.map((slo) => [
      slo.name,
      slo.service,
      `${slo.objective}%`,
      slo.window.kind === 'calendar'
        ? `${windowLabel(slo.window)} (${slo.window.timeZone})`
        : windowLabel(slo.window),
      slo.budgeting.method === 'timeslices'
        ? `timeslices ${formatDuration(slo.budgeting.sliceMs)}`
        : 'occurrences',
      indicatorLabel(slo),
    ]);
    io.out(table(['NAME', 'SERVICE', 'OBJECTIVE', 'WINDOW', 'BUDGETING', 'INDICATOR'], rows));
    return EXIT_OK;
  },
});
