import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { segment, serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

// The API's shapes, as far as the CLI prints them.
interface PostmortemSummary {
  id: number;
  incidentId: number;
  title: string;
  status: string;
  required: boolean;
  services: string[];
  updatedAt: string;
}

interface ActionItem {
  id: number;
  postmortemId: number;
  title: string;
  owner: string;
  team: string | null;
  due: string;
  priority: string;
  status: string;
  overdue: boolean;
}

const connection = '[--server URL] [--token T]';

/** `?a=1&b=2` from the options that are set. */
function queryOf(params: Record<string, unknown>): string {
  const pairs = Object.entries(params).filter(([, v]) => typeof v === 'string' && v !== '');
  const text = new URLSearchParams(pairs as Array<[string, string]>).toString();
  return text ? `?${text}` : '';
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
    const query = queryOf({
      service: values.service,
      tag: values.tag,
      failureMode: values['failure-mode'],
      q: values.text,
      status: values.status,
    });
    const { postmortems } = await client.request<{ postmortems: PostmortemSummary[] }>(
      'GET',
      `/api/v1/postmortems${query}`,
    );
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
    const path = `/api/v1/postmortems/${segment(positionals[0] as string)}`;
    io.out(
      values.json
        ? JSON.stringify(await client.request('GET', path), null, 2)
        : await client.text(`${path}?format=markdown`),
    );
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
    const query = queryOf({
      owner: values.owner,
      team: values.team,
      status: values.status,
      overdue: values.overdue ? 'true' : undefined,
    });
    const { actionItems } = await client.request<{ actionItems: ActionItem[] }>(
      'GET',
      `/api/v1/action-items${query}`,
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
    const item = await client.request<ActionItem>(
      'POST',
      `/api/v1/postmortems/${segment(postmortem)}/action-items`,
      {
        title,
        owner: values.owner,
        due: values.due,
        priority: values.priority,
        ...(values.tracker ? { trackerUrl: values.tracker } : {}),
      },
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
    const item = await client.request<ActionItem>('PATCH', `/api/v1/action-items/${segment(id)}`, {
      status: next,
    });
    io.out(itemLine(item));
    return EXIT_OK;
  },
});
