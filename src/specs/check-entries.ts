import type { Claim, Entry, EntryKind, Reference } from './entries.ts';
import type { Service } from './model/catalog.ts';
import type { ContactMethod, SourceLocation } from './model/common.ts';
import { emptyModel, type Model } from './model/model.ts';
import { type ConfigProblem, formatLocation, problemAt } from './problems.ts';

/** The kind names people write, for messages. */
export const kindLabels: Record<EntryKind, string> = {
  teams: 'Team',
  services: 'Service',
  dataSources: 'DataSource',
  probes: 'Probe',
  policies: 'ErrorBudgetPolicy',
  slos: 'SLO',
  persons: 'Person',
  schedules: 'Schedule',
  escalationPolicies: 'EscalationPolicy',
  alertRoutes: 'AlertRoute',
  silences: 'Silence',
  integrations: 'Integration',
  incidentPolicies: 'IncidentPolicy',
  statusPages: 'StatusPage',
  freezeWindows: 'FreezeWindow',
  rolloutPlans: 'RolloutPlan',
  slis: 'SLI',
};

/** Kinds an installation has at most one of, whatever their names. */
const singletonKinds: ReadonlySet<EntryKind> = new Set(['incidentPolicies', 'statusPages']);

/**
 * Keeps the first definition of each name per kind (of each singleton kind, whatever its name) and
 * reports the later ones.
 */
export function dedupeEntries(entries: readonly Entry[]): { unique: Entry[]; problems: ConfigProblem[] } {
  const seen = new Map<string, Entry>();
  const unique: Entry[] = [];
  const problems: ConfigProblem[] = [];
  for (const entry of entries) {
    const singleton = singletonKinds.has(entry.kind);
    const key = singleton ? entry.kind : `${entry.kind}/${entry.value.name}`;
    const first = seen.get(key);
    if (first) {
      const label = kindLabels[entry.kind];
      const what = singleton
        ? `only one ${label} per installation`
        : `duplicate ${label} "${entry.value.name}"`;
      const where = formatLocation(first.value.source);
      problems.push(problemAt(entry.value.source, `${what}: first defined at ${where}`));
      continue;
    }
    seen.set(key, entry);
    unique.push(entry);
  }
  return { unique, problems };
}

/**
 * Reports every reference (of entries, and loose ones of broken documents) to a name that no
 * definition (nor broken definition) of its kind has.
 */
export function checkReferences(
  entries: readonly Entry[],
  claims: readonly Claim[] = [],
  looseRefs: readonly Reference[] = [],
): ConfigProblem[] {
  const names = new Map<EntryKind, string[]>();
  const defined = [...entries.map((entry) => ({ kind: entry.kind, name: entry.value.name })), ...claims];
  for (const { kind, name } of defined) names.set(kind, [...(names.get(kind) ?? []), name]);
  return [...entries.flatMap((entry) => entry.refs), ...looseRefs].flatMap((ref) => {
    const known = names.get(ref.kind) ?? [];
    return known.includes(ref.name) ? [] : [problemAt(ref.at, brokenReferenceMessage(ref, known))];
  });
}

function brokenReferenceMessage(ref: Reference, known: readonly string[]): string {
  const label = kindLabels[ref.kind];
  const maxDistance = Math.min(2, Math.floor(ref.name.length / 3));
  const close = known.find((name) => editDistance(name, ref.name) <= maxDistance);
  const suggestion = close ? ` (did you mean "${close}"?)` : '';
  return `unknown ${label} "${ref.name}"${suggestion}${ref.hint ? `: ${ref.hint}` : ''}`;
}

/** Reports each dependency cycle among services as `a -> b -> a`, at the first edge of the cycle. */
export function checkDependencyCycles(entries: readonly Entry[]): ConfigProblem[] {
  const services = new Map<string, { service: Service; refs: Reference[] }>();
  for (const entry of entries)
    if (entry.kind === 'services') services.set(entry.value.name, { service: entry.value, refs: entry.refs });
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const problems: ConfigProblem[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of services.get(name)?.service.dependsOn ?? []) {
      if (!services.has(next)) continue;
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        problems.push(cycleProblem(cycle, services));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of services.keys()) if (!state.has(name)) visit(name);
  return problems;
}

function cycleProblem(
  cycle: readonly string[],
  services: Map<string, { service: Service; refs: Reference[] }>,
) {
  const [from, to] = cycle as [string, string];
  const holder = services.get(from);
  const edge = holder?.refs.find((ref) => ref.kind === 'services' && ref.name === to);
  return problemAt(
    edge?.at ?? (holder as { service: Service }).service.source,
    `dependency cycle: ${cycle.join(' -> ')}`,
  );
}

/** Reports an Integration whose routing key (or key variable) an earlier one uses: intake could not tell them apart. */
export function checkRoutingKeys(entries: readonly Entry[]): ConfigProblem[] {
  const seen = new Map<string, { name: string; at: SourceLocation }>();
  const problems: ConfigProblem[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'integrations' || entry.value.routingKey === undefined) continue;
    const key = entry.value.routingKey;
    const identity = typeof key === 'string' ? key : `env:${key.env}`;
    const at = entry.locations?.routingKey ?? entry.value.source;
    const first = seen.get(identity);
    if (!first) {
      seen.set(identity, { name: entry.value.name, at });
      continue;
    }
    const what = typeof key === 'string' ? 'routingKey' : `routingKey variable ${key.env}`;
    const message = `${what} is already used by Integration "${first.name}" at ${formatLocation(first.at)}`;
    problems.push(problemAt(at, message));
  }
  return problems;
}

/** The model made of unique entries, in reading order. */
export function buildModel(entries: readonly Entry[]): Model {
  const model = emptyModel();
  for (const entry of entries) {
    if (entry.kind !== 'slis') (model[entry.kind] as unknown[]).push(entry.value);
  }
  return model;
}

/**
 * What the config allows but would leave a page undelivered: a Person with no contacts, or reachable only
 * by e-mail when no SMTP server is configured; a Team that owns services or pages (P3 notices and the
 * fallback when a person cannot be reached go to it) with no contacts it can be reached by. Warnings,
 * not problems: the config is valid, and `smtpConfigured` depends on where it runs.
 */
export function contactWarnings(model: Model, options: { smtpConfigured: boolean }): ConfigProblem[] {
  const reachable = (contacts: readonly ContactMethod[]) =>
    contacts.some((contact) => contact.kind !== 'email' || options.smtpConfigured);
  const noSmtp = 'and no SMTP server is configured (NINES_SMTP_URL)';
  const warnings: ConfigProblem[] = [];
  for (const person of model.persons) {
    if (person.contacts.length === 0) {
      warnings.push(
        problemAt(person.source, `Person "${person.name}" has no contacts: pages to them reach nobody`),
      );
    } else if (!reachable(person.contacts)) {
      warnings.push(
        problemAt(
          person.source,
          `Person "${person.name}" can be reached only by e-mail ${noSmtp}: pages to them will fail`,
        ),
      );
    }
  }
  const owners = new Set(model.services.map((service) => service.owner));
  for (const team of model.teams) {
    if (!owners.has(team.name) && !team.escalationPolicy) continue;
    if (team.contacts.length === 0) {
      warnings.push(
        problemAt(
          team.source,
          `Team "${team.name}" has no contacts: its P3 notices and the fallback when a person cannot be reached go nowhere`,
        ),
      );
    } else if (!reachable(team.contacts)) {
      warnings.push(
        problemAt(
          team.source,
          `Team "${team.name}" can be reached only by e-mail ${noSmtp}: its notices will fail`,
        ),
      );
    }
  }
  return warnings;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
