import { analysesJudge, rolloutPlanProblems } from '../rollouts/index.ts';
import { contactWarnings, formatProblem, loadConfigDir } from '../specs/index.ts';
import { defineCommand, EXIT_OK, EXIT_PROBLEM } from './command.ts';

export const command = defineCommand({
  usage: 'nines validate DIR',
  summary:
    'Checks every YAML document under DIR offline (syntax, schema, names, references, cycles).\nPrints each problem as path:line:col: message; exits 1 if there is any. Warns (on stderr, exit 0)\nabout people and teams a page could not reach (no contacts; only e-mail while NINES_SMTP_URL is unset).',
  options: {},
  positionals: [1, 1],
  async run({ positionals, io }) {
    const dir = positionals[0] as string;
    const loaded = await loadConfigDir(dir);
    const { model, warnings } = loaded;
    // The plans' analyses are checked against the whole catalog, once the rest is valid.
    const problems = loaded.problems.length > 0 ? loaded.problems : rolloutPlanProblems(model, analysesJudge);
    for (const problem of problems) io.out(formatProblem(problem));
    const smtpConfigured = Boolean(io.env.NINES_SMTP_URL);
    const contacts = problems.length === 0 ? contactWarnings(model, { smtpConfigured }) : [];
    for (const warning of [...warnings, ...contacts]) io.err(`warning: ${formatProblem(warning)}`);
    if (problems.length > 0) {
      io.err(`${problems.length} problem(s) found in ${dir}`);
      return EXIT_PROBLEM;
    }
    const counts = [
      `${model.teams.length} teams`,
      `${model.services.length} services`,
      `${model.slos.length} SLOs`,
      `${model.probes.length} probes`,
      `${model.dataSources.length} data sources`,
      `${model.policies.length} policies`,
      `${model.persons.length} people`,
      `${model.schedules.length} schedules`,
      `${model.escalationPolicies.length} escalation policies`,
      `${model.statusPages[0]?.components.length ?? 0} status page components`,
      `${model.rolloutPlans.length} rollout plans`,
    ];
    if (model.incidentPolicies.length > 0) counts.push('an incident policy');
    io.err(`${dir}: valid (${counts.join(', ')})`);
    return EXIT_OK;
  },
});
