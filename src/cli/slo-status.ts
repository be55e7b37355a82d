import { NinesError } from '../core/errors.ts';
import type { SloStatusView } from '../engine/index.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { table } from './table.ts';

const percent = (ratio: number | null, digits = 3) =>
  ratio === null ? '-' : `${(ratio * 100).toFixed(digits)}%`;
const burn = (value: number | null) => (value === null ? '-' : value.toFixed(2));

export const command = defineCommand({
  usage: 'nines slo status [--server URL] [--token T] [--json]',
  summary: 'Shows the live status of every SLO from a running server ($NINES_SERVER, $NINES_TOKEN).',
  options: { server: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const server = (values.server as string | undefined) ?? io.env.NINES_SERVER ?? 'http://127.0.0.1:8080';
    const token = (values.token as string | undefined) ?? io.env.NINES_TOKEN;
    if (!token) throw new UsageError('a token is needed: --token T or NINES_TOKEN');
    let response: Response;
    try {
      response = await fetch(new URL('/api/v1/slos', server), {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new NinesError('unavailable', `cannot reach ${server}: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as {
      slos?: SloStatusView[];
      error?: { message: string };
    };
    if (!response.ok || !body.slos) {
      throw new NinesError(
        'unavailable',
        `${server} answered ${response.status}: ${body.error?.message ?? 'unexpected body'}`,
      );
    }
    if (values.json) {
      io.out(JSON.stringify({ slos: body.slos }, null, 2));
      return EXIT_OK;
    }
    const rows = body.slos.map((slo) => [
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
