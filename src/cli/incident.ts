import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { segment, serverClient, serverOptions } from './server-client.ts';
import { table } from './table.ts';

// The API's incident shape, as far as the CLI prints it.
interface Incident {
  id: number;
  title: string;
  severity: string;
  status: string;
  services: string[];
  blastRadius: string[];
  roles: Record<string, string | string[]>;
  declaredAt: string;
  resolvedAt: string | null;
  nextUpdateDueAt: string | null;
}

interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
  corrects: string | null;
}

const connection = '[--server URL] [--token T]';

/** `2`, `sev2` or `SEV2` → `SEV2`. */
export function parseSeverity(text: string | undefined): string {
  const match = /^(?:sev)?([1-4])$/i.exec(text ?? '');
  if (!match) throw new UsageError('--sev must be 1, 2, 3 or 4 (SEV1 is the most severe)');
  return `SEV${match[1]}`;
}

function summaryLine(incident: Incident): string {
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
    const incident = await client.request<Incident>('POST', '/api/v1/incidents', {
      title: positionals[0],
      severity: parseSeverity(values.sev as string | undefined),
      services: (values.service ?? []) as unknown as string[],
      ...(values.commander ? { commander: values.commander } : {}),
      ...(values.private ? { public: false } : {}),
    });
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
    const status = values.status ? `?status=${encodeURIComponent(values.status as string)}` : '';
    const { incidents } = await client.request<{ incidents: Incident[] }>(
      'GET',
      `/api/v1/incidents${status}`,
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
      i.declaredAt,
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
  return `  ${entry.at.slice(0, 19).replace('T', ' ')}  ${entry.kind.padEnd(22)} ${entry.actor}  ${text}${corrects}`;
}

export const show = defineCommand({
  usage: `nines incident show ID [--json] ${connection}`,
  summary: 'Shows an incident with its roles and its timeline.',
  options: { ...serverOptions, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const client = serverClient(values, io);
    const id = segment(positionals[0] as string);
    const incident = await client.request<Incident>('GET', `/api/v1/incidents/${id}`);
    const { timeline } = await client.request<{ timeline: TimelineEntry[] }>(
      'GET',
      `/api/v1/incidents/${id}/timeline`,
    );
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

/** A command that posts one change to an incident and prints the incident's summary line after it. */
function changeCommand(options: {
  name: string;
  usage: string;
  summary: string;
  positionals: number;
  extra?: Record<string, { type: 'string' } | { type: 'boolean' }>;
  request: (
    values: Record<string, unknown>,
    args: string[],
  ) => { method?: 'POST' | 'PATCH'; path: string; body: unknown };
}) {
  return defineCommand({
    usage: `nines incident ${options.name} ID ${options.usage}${connection}`,
    summary: options.summary,
    options: { ...serverOptions, ...options.extra },
    positionals: [options.positionals + 1, options.positionals + 1],
    async run({ values, positionals, io }) {
      const client = serverClient(values, io);
      const [id, ...args] = positionals as [string, ...string[]];
      const { method = 'POST', path, body } = options.request(values, args);
      await client.request(method, `/api/v1/incidents/${segment(id)}${path}`, body);
      io.out(summaryLine(await client.request<Incident>('GET', `/api/v1/incidents/${segment(id)}`)));
      return EXIT_OK;
    },
  });
}

export const status = changeCommand({
  name: 'status',
  usage: 'investigating|identified|monitoring|resolved [--reason TEXT] ',
  summary: 'Moves an incident through its lifecycle (reopening a resolved one needs --reason).',
  positionals: 1,
  extra: { reason: { type: 'string' } },
  request: (values, [next]) => ({
    path: '/status',
    body: { status: next, ...(values.reason ? { reason: values.reason } : {}) },
  }),
});

export const role = changeCommand({
  name: 'role',
  usage: 'commander|communications|operations|scribe|sme PERSON ',
  summary: 'Assigns an incident role to a person.',
  positionals: 2,
  request: (_values, [name, person]) => ({ path: '/roles', body: { role: name, person } }),
});

export const note = changeCommand({
  name: 'note',
  usage: '"TEXT" [--corrects incident:N] ',
  summary: 'Adds a note to the timeline (notes are never edited; a correction names the entry it corrects).',
  positionals: 1,
  extra: { corrects: { type: 'string' } },
  request: (values, [text]) => ({
    path: '/notes',
    body: { text, ...(values.corrects ? { corrects: values.corrects } : {}) },
  }),
});

export const update = changeCommand({
  name: 'update',
  usage: '"MESSAGE" [--status S] [--private] ',
  summary: 'Posts a status update (public unless --private); --status also moves the incident.',
  positionals: 1,
  extra: { status: { type: 'string' }, private: { type: 'boolean' } },
  request: (values, [message]) => ({
    path: '/updates',
    body: {
      message,
      ...(values.status ? { status: values.status } : {}),
      ...(values.private ? { public: false } : {}),
    },
  }),
});

export const severity = changeCommand({
  name: 'sev',
  usage: '1-4 [--reason TEXT] ',
  summary: 'Reclassifies an incident; the change and its reason are recorded.',
  positionals: 1,
  extra: { reason: { type: 'string' } },
  request: (values, [sev]) => ({
    method: 'PATCH',
    path: '',
    body: { severity: parseSeverity(sev), ...(values.reason ? { reason: values.reason } : {}) },
  }),
});
