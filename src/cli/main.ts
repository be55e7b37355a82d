import { type CommandIo, EXIT_OK, EXIT_USAGE, runCommand } from './command.ts';

/** Commands load lazily so `nines validate` does not pay for the server's imports. */
const commands: Record<
  string,
  { summary: string; load: () => Promise<{ command: Parameters<typeof runCommand>[0] }> }
> = {
  serve: { summary: 'run the Nines server', load: () => import('./serve.ts') },
  validate: { summary: 'check a config directory offline', load: () => import('./validate.ts') },
  'slo list': { summary: 'list SLO definitions of a config directory', load: () => import('./slo-list.ts') },
  'slo status': { summary: 'show live SLO status from a server', load: () => import('./slo-status.ts') },
  'rules prometheus': {
    summary: 'print Prometheus recording and alerting rules',
    load: () => import('./rules-prometheus.ts'),
  },
  'page list': { summary: 'list pages', load: () => import('./page.ts').then((m) => ({ command: m.list })) },
  'page show': {
    summary: 'show a page with its alerts, history and deliveries',
    load: () => import('./page.ts').then((m) => ({ command: m.show })),
  },
  'page ack': {
    summary: 'acknowledge a page',
    load: () => import('./page.ts').then((m) => ({ command: m.ack })),
  },
  'page resolve': {
    summary: 'resolve a page',
    load: () => import('./page.ts').then((m) => ({ command: m.resolve })),
  },
  'page snooze': {
    summary: 'snooze a page for a while',
    load: () => import('./page.ts').then((m) => ({ command: m.snooze })),
  },
  'page reassign': {
    summary: 'reassign a page to a person',
    load: () => import('./page.ts').then((m) => ({ command: m.reassign })),
  },
  'incident declare': {
    summary: 'declare an incident',
    load: () => import('./incident.ts').then((m) => ({ command: m.declare })),
  },
  'incident list': {
    summary: 'list incidents',
    load: () => import('./incident.ts').then((m) => ({ command: m.list })),
  },
  'incident show': {
    summary: 'show an incident and its timeline',
    load: () => import('./incident.ts').then((m) => ({ command: m.show })),
  },
  'incident status': {
    summary: 'move an incident through its lifecycle',
    load: () => import('./incident.ts').then((m) => ({ command: m.status })),
  },
  'incident role': {
    summary: 'assign an incident role',
    load: () => import('./incident.ts').then((m) => ({ command: m.role })),
  },
  'incident note': {
    summary: 'add a note to an incident timeline',
    load: () => import('./incident.ts').then((m) => ({ command: m.note })),
  },
  'incident update': {
    summary: 'post an incident status update',
    load: () => import('./incident.ts').then((m) => ({ command: m.update })),
  },
  'incident sev': {
    summary: 'reclassify an incident',
    load: () => import('./incident.ts').then((m) => ({ command: m.severity })),
  },
  'postmortem list': {
    summary: 'search postmortems',
    load: () => import('./postmortem.ts').then((m) => ({ command: m.list })),
  },
  'postmortem show': {
    summary: 'print a postmortem as Markdown',
    load: () => import('./postmortem.ts').then((m) => ({ command: m.show })),
  },
  'action-item list': {
    summary: 'list action items',
    load: () => import('./postmortem.ts').then((m) => ({ command: m.items })),
  },
  'action-item add': {
    summary: 'add an action item to a postmortem',
    load: () => import('./postmortem.ts').then((m) => ({ command: m.add })),
  },
  'action-item status': {
    summary: 'change an action item’s status',
    load: () => import('./postmortem.ts').then((m) => ({ command: m.status })),
  },
  oncall: { summary: 'show who is on call for every schedule', load: () => import('./oncall.ts') },
  'override create': {
    summary: 'have a person cover a schedule for a time range',
    load: () => import('./override.ts').then((m) => ({ command: m.create })),
  },
  'silence create': {
    summary: 'silence matching alerts for a while',
    load: () => import('./silence.ts').then((m) => ({ command: m.create })),
  },
  'silence list': {
    summary: 'list silences',
    load: () => import('./silence.ts').then((m) => ({ command: m.list })),
  },
  'silence expire': {
    summary: 'end a silence now',
    load: () => import('./silence.ts').then((m) => ({ command: m.expire })),
  },
  'deploy start': {
    summary: 'record a deployment as it starts (prints its id)',
    load: () => import('./deploy.ts').then((m) => ({ command: m.start })),
  },
  'deploy finish': {
    summary: 'record how a deployment ended',
    load: () => import('./deploy.ts').then((m) => ({ command: m.finish })),
  },
  'rollout status': {
    summary: 'show a rollout: state, current step, each step with its analysis and outcome',
    load: () => import('./rollout.ts').then((m) => ({ command: m.status })),
  },
  'rollout abort': {
    summary: 'abort a rollout: roll it back now',
    load: () => import('./rollout.ts').then((m) => ({ command: m.abort })),
  },
  'gate check': {
    summary: 'ask the deploy gate whether a service may deploy now (exit 0 go, 1 blocked, 2 cannot ask)',
    load: () => import('./gate.ts').then((m) => ({ command: m.check })),
  },
  'token create': { summary: 'create an API token', load: () => import('./token-create.ts') },
  'token list': { summary: 'list API tokens (never their secrets)', load: () => import('./token-list.ts') },
  'token revoke': { summary: 'revoke an API token', load: () => import('./token-revoke.ts') },
  demo: {
    summary: 'run the demo: server, simulated fleet, scripted failure',
    load: () => import('./demo.ts'),
  },
  schemas: { summary: 'write JSON Schemas of the config kinds', load: () => import('./schemas.ts') },
};

function topHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  nines ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: nines <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `nines <command> --help` for options.',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    io.out(topHelp());
    return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const name = commands[two] ? two : argv[0];
  const entry = name ? commands[name] : undefined;
  if (!entry || !name) {
    io.err(`error: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${topHelp()}`);
    return EXIT_USAGE;
  }
  const { command } = await entry.load();
  return runCommand(command, argv.slice(name.split(' ').length), io);
}
