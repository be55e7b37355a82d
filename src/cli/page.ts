import type { Answer, ApiClient, PathParams, Query } from '../api-client/index.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { asTyped, serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

type Page = Answer<'post', '/api/v1/pages/{id}/ack'>;
type PageDetail = Answer<'get', '/api/v1/pages/{id}'>;
type PageId = PathParams<'get', '/api/v1/pages/{id}'>['id'];
type PageStatus = NonNullable<Query<'get', '/api/v1/pages'>>['status'];

const connection = '[--server URL] [--token T]';

export const list = defineCommand({
  usage: `nines page list [--status triggered|acknowledged|resolved] [--json] ${connection}`,
  summary: 'Lists pages, newest first, from a running server ($NINES_SERVER, $NINES_TOKEN).',
  options: { ...serverOptions, status: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const client = serverClient(values, io);
    const status = values.status ? asTyped<PageStatus>(values.status as string) : undefined;
    const { pages } = await client.call((api) => api.GET('/api/v1/pages', { params: { query: { status } } }));
    if (values.json) {
      io.out(JSON.stringify({ pages }, null, 2));
      return EXIT_OK;
    }
    const rows = pages.map((p) => [
      String(p.id),
      p.status,
      p.severity,
      p.service ?? '-',
      p.createdAt,
      p.summary,
    ]);
    io.out(table(['ID', 'STATUS', 'SEVERITY', 'SERVICE', 'CREATED', 'SUMMARY'], rows));
    return EXIT_OK;
  },
});

function describeDetail(page: PageDetail): string {
  const lines = [
    `Page ${page.id}: ${page.summary}`,
    `  status ${page.status}, severity ${page.severity}, service ${page.service ?? '-'}, created ${page.createdAt}`,
  ];
  if (page.assignee) lines.push(`  assigned to ${page.assignee}`);
  if (page.snoozedUntil) lines.push(`  snoozed until ${page.snoozedUntil}`);
  lines.push('', 'Alerts:');
  for (const a of page.alerts) {
    const why = a.suppressedBy ? ` (${a.suppressedBy})` : '';
    lines.push(`  ${a.status.padEnd(12)} ${a.source}:${a.fingerprint}  ${a.summary}${why}`);
  }
  lines.push('', 'History:');
  for (const e of page.events) lines.push(`  ${e.at}  ${e.kind.padEnd(24)} ${e.actor}`);
  lines.push('', 'Deliveries:');
  for (const d of page.deliveries) {
    const error = d.lastError ? `  ${d.lastError}` : '';
    lines.push(
      `  ${d.status.padEnd(8)} ${d.channel.padEnd(8)} ${d.recipient} (${d.attempts} attempts)${error}`,
    );
  }
  return lines.join('\n');
}

export const show = defineCommand({
  usage: `nines page show ID [--json] ${connection}`,
  summary: 'Shows a page with its alerts, escalation history and deliveries.',
  options: { ...serverOptions, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const id = asTyped<PageId>(positionals[0] as string);
    const page = await client.call((api) => api.GET('/api/v1/pages/{id}', { params: { path: { id } } }));
    io.out(values.json ? JSON.stringify(page, null, 2) : describeDetail(page));
    return EXIT_OK;
  },
});

/** Sends one page action: the options are read first (a missing one is a usage error), then the call. */
type PageAction = (
  values: Record<string, unknown>,
) => (api: ApiClient, id: PageId) => Promise<{ data?: Page }>;

/** A command that posts one page action and says what the page is now. */
function actionCommand(options: {
  name: string;
  usage: string;
  summary: string;
  extra?: Record<string, { type: 'string' }>;
  send: PageAction;
}) {
  return defineCommand({
    usage: `nines page ${options.name} ID ${options.usage}${connection}`,
    summary: options.summary,
    options: { ...serverOptions, ...options.extra },
    positionals: [1, 1],
    async run({ values, positionals, io }) {
      const client = serverClient(values, io);
      const id = asTyped<PageId>(positionals[0] as string);
      const send = options.send(values);
      const page = await client.call((api) => send(api, id));
      const who = page.assignee ? `, assigned to ${page.assignee}` : '';
      const until = page.snoozedUntil ? `, snoozed until ${page.snoozedUntil}` : '';
      io.out(`page ${page.id} is ${page.status}${who}${until}`);
      return EXIT_OK;
    },
  });
}

function required(values: Record<string, unknown>, option: string): string {
  const value = values[option];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${option} is required`);
  return value;
}

export const ack = actionCommand({
  name: 'ack',
  usage: '',
  summary: 'Acknowledges a page: escalation stops.',
  send: () => (api, id) => api.POST('/api/v1/pages/{id}/ack', { params: { path: { id } } }),
});
export const resolve = actionCommand({
  name: 'resolve',
  usage: '',
  summary: 'Resolves a page.',
  send: () => (api, id) => api.POST('/api/v1/pages/{id}/resolve', { params: { path: { id } } }),
});
export const snooze = actionCommand({
  name: 'snooze',
  usage: '--for DURATION ',
  summary: 'Snoozes a page (e.g. --for 30m, between 1m and 7d); it triggers again afterwards.',
  extra: { for: { type: 'string' } },
  send: (values) => {
    const duration = required(values, 'for');
    return (api, id) =>
      api.POST('/api/v1/pages/{id}/snooze', { params: { path: { id } }, body: { duration } });
  },
});
export const reassign = actionCommand({
  name: 'reassign',
  usage: '--to PERSON ',
  summary: 'Reassigns a page to a person, who is notified now.',
  extra: { to: { type: 'string' } },
  send: (values) => {
    const person = required(values, 'to');
    return (api, id) =>
      api.POST('/api/v1/pages/{id}/reassign', { params: { path: { id } }, body: { person } });
  },
});
