import type { Answer, PathParams, Query } from '../api-client/index.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { asTyped, serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

type ActionItem = Answer<'patch', '/api/v1/action-items/{id}'>;
type ActionItemId = PathParams<'patch', '/api/v1/action-items/{id}'>['id'];
type PostmortemId = PathParams<'get', '/api/v1/postmortems/{id}'>['id'];

const connection = '[--server URL] [--token T]';

/** The query from the options that are set, passed on as typed: the server validates them. */
function queryOf<Q>(params: Partial<Record<keyof NonNullable<Q>, unknown>>): Q {
  const set = Object.entries(params).filter(([, v]) => typeof v === 'string' && v !== '');
  return Object.fromEntries(set) as Q;
}

export const list = defineCommand({
  usage: `nines postmortem list [--service S] [--tag T] [--failure-mode F] [--text Q] [--status draft|in_review|final] [--json] ${connection}`,
  summary: 'Searches postmortems by service, tag, failure mode and text.',
  options: {
    ...serverOptions,
    service: { type: 'string' },
    tag: { type: 'string' },
    'failure-mode': { type: 'string' },
    text: { type: 'string' },
    status: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, io }) {
    const client = serverClient(values, io);
    const query = queryOf<Query<'get', '/api/v1/postmortems'>>({
      service: values.service,
      tag: values.tag,
      failureMode: values['failure-mode'],
      q: values.text,
      status: values.status,
    });
    const { postmortems } = await client.call((api) => api.GET('/api/v1/postmortems', { params: { query } }));
    if (values.json) {
      io.out(JSON.stringify({ postmortems }, null, 2));
      return EXIT_OK;
    }
    const rows = postmortems.map((p) => [
      String(p.id),
      String(p.incidentId),
      p.status,
      p.required ? 'yes' : 'no',
      p.services.join(',') || '-',
      p.title,
    ]);
    io.out(table(['ID', 'INCIDENT', 'STATUS', 'REQUIRED', 'SERVICES', 'TITLE'], rows));
    return EXIT_OK;
  },
});

export const show = defineCommand({
  usage: `nines postmortem show ID [--json] ${connection}`,
  summary: 'Prints a postmortem as Markdown (seed 003’s template), or as JSON.',
  options: { ...serverOptions, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const path = { id: asTyped<PostmortemId>(positionals[0] as string) };
    if (values.json) {
      const postmortem = await client.call((api) =>
        api.GET('/api/v1/postmortems/{id}', { params: { path } }),
      );
      io.out(JSON.stringify(postmortem, null, 2));
      return EXIT_OK;
    }
    const params = { path, query: { format: 'markdown' as const } };
    io.out(await client.call((api) => api.GET('/api/v1/postmortems/{id}', { params, parseAs: 'text' })));
    return EXIT_OK;
  },
});

function itemLine(item: ActionItem): string {
  const late = item.overdue ? ', OVERDUE' : '';
  return `action item ${item.id} [${item.priority} ${item.status}${late}] ${item.title} (owner ${item.owner}, due ${item.due.slice(0, 10)})`;
}

export const items = defineCommand({
  usage: `nines action-item list [--owner P] [--team T] [--status open|in_progress|done|wont_do] [--overdue] [--json] ${connection}`,
  summary: 'Lists action items of postmortems (one owner each), with those past due marked.',
  options: {
    ...serverOptions,
    owner: { type: 'string' },
    team: { type: 'string' },
    status: { type: 'string' },
    overdue: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, io }) {
    const client = serverClient(values, io);
    const query = queryOf<Query<'get', '/api/v1/action-items'>>({
      owner: values.owner,
      team: values.team,
      status: values.status,
      overdue: values.overdue ? 'true' : undefined,
    });
    const { actionItems } = await client.call((api) =>
      api.GET('/api/v1/action-items', { params: { query } }),
    );
    if (values.json) {
      io.out(JSON.stringify({ actionItems }, null, 2));
      return EXIT_OK;
    }
    const rows = actionItems.map((i) => [
      String(i.id),
      String(i.postmortemId),
      i.priority,
      i.status + (i.overdue ? ' (overdue)' : ''),
      i.owner,
      i.due.slice(0, 10),
      i.title,
    ]);
    io.out(table(['ID', 'POSTMORTEM', 'PRIORITY', 'STATUS', 'OWNER', 'DUE', 'TITLE'], rows));
    return EXIT_OK;
  },
});

export const add = defineCommand({
  usage: `nines action-item add POSTMORTEM_ID --owner PERSON --due YYYY-MM-DD --priority P0-P3 [--tracker URL] "TITLE" ${connection}`,
  summary: 'Adds an action item to a postmortem: one owner (a person), a due date, a priority.',
  options: {
    ...serverOptions,
    owner: { type: 'string' },
    due: { type: 'string' },
    priority: { type: 'string' },
    tracker: { type: 'string' },
  },
  positionals: [2, 2],
  async run({ values, positionals, io }) {
    for (const option of ['owner', 'due', 'priority'] as const) {
      if (!values[option]) throw new UsageError(`--${option} is required`);
    }
    const client = serverClient(values, io);
    const [postmortem, title] = positionals as [string, string];
    const body = {
      title,
      owner: values.owner as string,
      due: values.due as string,
      priority: asTyped<ActionItem['priority']>(values.priority as string),
      ...(values.tracker ? { trackerUrl: values.tracker as string } : {}),
    };
    const params = { path: { id: asTyped<PostmortemId>(postmortem) } };
    const item = await client.call((api) =>
      api.POST('/api/v1/postmortems/{id}/action-items', { params, body }),
    );
    io.out(itemLine(item));
    return EXIT_OK;
  },
});

export const status = defineCommand({
  usage: `nines action-item status ID open|in_progress|done|wont_do ${connection}`,
  summary: 'Changes an action item’s status (done records when it was completed).',
  options: { ...serverOptions },
  positionals: [2, 2],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const [id, next] = positionals as [string, string];
    const params = { path: { id: asTyped<ActionItemId>(id) } };
    const body = { status: asTyped<ActionItem['status']>(next) };
    const item = await client.call((api) => api.PATCH('/api/v1/action-items/{id}', { params, body }));
    io.out(itemLine(item));
    return EXIT_OK;
  },
});
