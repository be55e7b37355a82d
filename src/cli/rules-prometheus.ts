import { loadValidModel } from '../main.ts';
import { prometheusRules } from '../rules/index.ts';
import { defineCommand, EXIT_OK } from './command.ts';

export const command = defineCommand({
  usage: 'nines rules prometheus DIR',
  summary:
    'Prints a Prometheus rule file (recording rules and ErrorBudgetBurn alerts) for every\nPrometheus-sourced SLO in DIR. Check it with `promtool check rules`.',
  options: {},
  positionals: [1, 1],
  async run({ positionals, io }) {
    const model = await loadValidModel(positionals[0] as string);
    io.out(prometheusRules(model).trimEnd());
    return EXIT_OK;
  },
});
