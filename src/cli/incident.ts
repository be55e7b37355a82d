import type { Answer, ApiClient, PathParams, Query } from '../api-client/index.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { asTyped, serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

type Incident = Answer<'get', '/api/v1/incidents/{id}'>;
type TimelineEntry = Answer<'get', '/api/v1/incidents/{id}/timeline'>['timeline'][number];
type IncidentId = PathParams<'get', '/api/v1/incidents/{id}'>['id'];
type Severity = Incident['severity'];
type IncidentStatus = Incident['status'];
type ListedStatus = NonNullable<Query<'get', '/api/v1/incidents'>>['status'];

const connection = '[--server URL] [--token T]';

/** `2`, `sev2` or `SEV2` → `SEV2`. */
export function parseSeverity(text: string | undefined): Severity {
  const match = /^(?:sev)?([1-4])$/i.exec(text ?? '');
  if (!match) throw new UsageError('--sev must be 1, 2, 3 or 4 (SEV1 is the most severe)');
  return `SEV${match[1]}` as Severity;
}

function summaryLine(incident: Pick<Incident, 'id' | 'severity' | 'status' | 'title' | 'services'>): string {
  const services = incident.services.length > 0 ? incident.services.join(', ') : '-';
  return `incident ${incident.id} [${incident.severity} ${incident.status}] ${incident.title} (services: ${services})`;
}

export const declare = defineCommand({
  usage: `nines incident declare --sev 1-4 [--service NAME ...] [--commander PERSON] [--private] "TITLE" ${connection}`,
  summary: 'Declares an incident (SEV1 most severe); it starts in investigating.',
  options: {
    ...serverOptions,
    sev: { type: 'string' },
    service: { type: 'string', multiple: true },
    commander: { type: 'string' },
    private: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const body = {
      title: positionals[0] as string,
      severity: parseSeverity(values.sev as string | undefined),
      services: (values.service ?? []) as unknown as string[],
      ...(values.commander ? { commander: values.commander as string } : {}),
      ...(values.private ? { public: false } : {}),
    };
    const incident = await client.call((api) => api.POST('/api/v1/incidents', { body }));
    io.out(summaryLine(incident));
    if (incident.blastRadius.length > 0) io.out(`  blast radius: ${incident.blastRadius.join(', ')}`);
    return EXIT_OK;
  },
});

export const list = defineCommand({
  usage: `nines incident list [--status open|investigating|identified|monitoring|resolved] [--json] ${connection}`,
  summary: 'Lists incidents, newest first.',
  options: { ...serverOptions, status: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const client = serverClient(values, io);
    const status = values.status ? asTyped<ListedStatus>(values.status as string) : undefined;
    const { incidents } = await client.call((api) =>
      api.GET('/api/v1/incidents', { params: { query: { status } } }),
    );
    if (values.json) {
      io.out(JSON.stringify({ incidents }, null, 2));
      return EXIT_OK;
    }
    const rows = incidents.map((i) => [
      String(i.id),
      i.severity,
      i.status,
      i.services.join(',') || '-',
      i.declaredAt ?? '-', // nullable in the document; the server always sends it
      i.title,
    ]);
    io.out(table(['ID', 'SEV', 'STATUS', 'SERVICES', 'DECLARED', 'TITLE'], rows));
    return EXIT_OK;
  },
});

function describeEntry(entry: TimelineEntry): string {
  const d = entry.details;
  const text =
    typeof d.text === 'string'
      ? d.text
      : typeof d.message === 'string'
        ? d.message
        : Object.entries(d)
            .filter(([, v]) => typeof v !== 'object' || v === null)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ');
  const corrects = entry.corrects ? ` (corrects ${entry.corrects})` : '';
  // The document allows a null time; the server always sends one.
  return `  ${(entry.at ?? '').slice(0, 19).replace('T', ' ')}  ${entry.kind.padEnd(22)} ${entry.actor}  ${text}${corrects}`;
}

export const show = defineCommand({
  usage: `nines incident show ID [--json] ${connection}`,
  summary: 'Shows an incident with its roles and its timeline.',
  options: { ...serverOptions, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const params = { path: { id: asTyped<IncidentId>(positionals[0] as string) } };
    const incident = await client.call((api) => api.GET('/api/v1/incidents/{id}', { params }));
    const { timeline } = await client.call((api) => api.GET('/api/v1/incidents/{id}/timeline', { params }));
    if (values.json) {
      io.out(JSON.stringify({ ...incident, timeline }, null, 2));
      return EXIT_OK;
    }
    const roles = Object.entries(incident.roles).map(([role, who]) => `${role}: ${[who].flat().join(', ')}`);
    io.out(summaryLine(incident));
    if (incident.blastRadius.length > 0) io.out(`  blast radius: ${incident.blastRadius.join(', ')}`);
    if (roles.length > 0) io.out(`  roles: ${roles.join('; ')}`);
    if (incident.nextUpdateDueAt) io.out(`  next status update due ${incident.nextUpdateDueAt}`);
    io.out(['', 'Timeline:', ...timeline.map(describeEntry)].join('\n'));
    return EXIT_OK;
  },
});

/** Sends one change: the arguments are read first (a wrong one is a usage error), then the call. */
type IncidentChange = (
  values: Record<string, unknown>,
  args: string[],
) => (api: ApiClient, id: IncidentId) => Promise<{ data?: unknown }>;

/** A command that posts one change to an incident and prints the incident's summary line after it. */
function changeCommand(options: {
  name: string;
  usage: string;
  summary: string;
  positionals: number;
  extra?: Record<string, { type: 'string' } | { type: 'boolean' }>;
  send: IncidentChange;
}) {
  return defineCommand({
    usage: `nines incident ${options.name} ID ${options.usage}${connection}`,
    summary: options.summary,
    options: { ...serverOptions, ...options.extra },
    positionals: [options.positionals + 1, options.positionals + 1],
    async run({ values, positionals, io }) {
      const client = serverClient(values, io);
      const [text, ...args] = positionals as [string, ...string[]];
      const id = asTyped<IncidentId>(text);
      const send = options.send(values, args);
      await client.call((api) => send(api, id));
      const params = { path: { id } };
      io.out(summaryLine(await client.call((api) => api.GET('/api/v1/incidents/{id}', { params }))));
      return EXIT_OK;
    },
  });
}

/** `--reason` when given; the server asks for one where the change needs it. */
const reasonOf = (values: Record<string, unknown>) =>
  values.reason ? { reason: values.reason as string } : {};

export const status = changeCommand({
  name: 'status',
  usage: 'investigating|identified|monitoring|resolved [--reason TEXT] ',
  summary: 'Moves an incident through its lifecycle (reopening a resolved one needs --reason).',
  positionals: 1,
  extra: { reason: { type: 'string' } },
  send: (values, [next]) => {
    const body = { status: asTyped<IncidentStatus>(next as string), ...reasonOf(values) };
    return (api, id) => api.POST('/api/v1/incidents/{id}/status', { params: { path: { id } }, body });
  },
});

export const role = changeCommand({
  name: 'role',
  usage: 'commander|communications|operations|scribe|sme PERSON ',
  summary: 'Assigns an incident role to a person.',
  positionals: 2,
  send: (_values, [name, person]) => {
    const body = { role: name as string, person: person as string };
    return (api, id) => api.POST('/api/v1/incidents/{id}/roles', { params: { path: { id } }, body });
  },
});

export const note = changeCommand({
  name: 'note',
  usage: '"TEXT" [--corrects incident:N] ',
  summary: 'Adds a note to the timeline (notes are never edited; a correction names the entry it corrects).',
  positionals: 1,
  extra: { corrects: { type: 'string' } },
  send: (values, [text]) => {
    const body = {
      text: text as string,
      ...(values.corrects ? { corrects: values.corrects as string } : {}),
    };
    return (api, id) => api.POST('/api/v1/incidents/{id}/notes', { params: { path: { id } }, body });
  },
});

export const update = changeCommand({
  name: 'update',
  usage: '"MESSAGE" [--status S] [--private] ',
  summary: 'Posts a status update (public unless --private); --status also moves the incident.',
  positionals: 1,
  extra: { status: { type: 'string' }, private: { type: 'boolean' } },
  send: (values, [message]) => {
    const body = {
      message: message as string,
      ...(values.status ? { status: asTyped<IncidentStatus>(values.status as string) } : {}),
      ...(values.private ? { public: false } : {}),
    };
    return (api, id) => api.POST('/api/v1/incidents/{id}/updates', { params: { path: { id } }, body });
  },
});

export const severity = changeCommand({
  name: 'sev',
  usage: '1-4 [--reason TEXT] ',
  summary: 'Reclassifies an incident; the change and its reason are recorded.',
  positionals: 1,
  extra: { reason: { type: 'string' } },
  send: (values, [sev]) => {
    const body = { severity: parseSeverity(sev), ...reasonOf(values) };
    return (api, id) => api.PATCH('/api/v1/incidents/{id}', { params: { path: { id } }, body });
  },
});
