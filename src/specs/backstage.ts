import { z } from 'zod';
import { type Collected, collected, type Entry, failedDocument, type Reference } from './entries.ts';
import { unflagged } from './loose-refs.ts';
import type { Lifecycle, Service, Team, Tier } from './model/catalog.ts';
import type { Person } from './model/oncall.ts';
import { type ConfigProblem, problemAt } from './problems.ts';
import { serviceDefaults } from './schema-catalog.ts';
import { isValidName, nameSchema } from './schema-common.ts';
import type { YamlDocument } from './yaml-documents.ts';
import { issuesToProblems, valueAt } from './zod-issues.ts';

/** Backstage's own kinds with nothing for Nines; read silently. Any other kind is skipped with a warning. */
const ignoredKinds = new Set(['System', 'API', 'Resource', 'Location', 'Domain', 'Template']);

const metadataSchema = z.object({
  name: nameSchema,
  title: z.string().optional(),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  tags: z.array(z.string()).default([]),
  links: z.array(z.object({ url: z.string(), title: z.string().optional() })).default([]),
});

const componentSchema = z.object({
  metadata: metadataSchema,
  spec: z.object({
    owner: z.string().optional(),
    lifecycle: z.string().optional(),
    dependsOn: z.array(z.string()).default([]),
  }),
});

const userSchema = z.object({
  metadata: metadataSchema.extend({ name: z.string().min(1) }),
  spec: z
    .object({
      profile: z.object({ displayName: z.string().optional(), email: z.string().optional() }).optional(),
      memberOf: z.array(z.string()).default([]),
    })
    .default({ memberOf: [] }),
});

const groupSchema = z.object({
  metadata: metadataSchema,
  spec: z
    .object({
      profile: z.object({ displayName: z.string().optional() }).optional(),
      members: z.array(z.string()).default([]),
    })
    .default({ members: [] }),
});

/** Splits an entity reference `[kind:][namespace/]name` into its kind (lowercased) and name. */
export function parseEntityRef(ref: string): { kind?: string; name: string } {
  const colon = ref.indexOf(':');
  const kind = colon >= 0 ? ref.slice(0, colon).toLowerCase() : undefined;
  const rest = colon >= 0 ? ref.slice(colon + 1) : ref;
  const name = rest.slice(rest.lastIndexOf('/') + 1).toLowerCase();
  return kind === undefined ? { name } : { kind, name };
}

/**
 * A Backstage User's name as a Nines name: Backstage allows `.` and `_` (`breanna.davison`), Nines names
 * are DNS labels, so both become `-`. Used for the User itself and for every reference to it.
 */
export function userName(ref: string): string {
  return parseEntityRef(ref).name.replace(/[._]/g, '-');
}

/** Reads one Backstage catalog entity: Component -> Service, Group -> Team, User -> Person. */
export function readBackstageDocument(doc: YamlDocument, kind: string): Collected {
  if (kind === 'Component') return readComponent(doc);
  if (kind === 'Group') return readGroup(doc);
  if (kind === 'User') return readUser(doc);
  if (ignoredKinds.has(kind)) return collected();
  // Backstage catalogs grow kinds of their own (Environment, AiResource): the rest of the directory stands.
  const message = `Backstage kind "${kind}" has nothing Nines reads: skipped`;
  return collected({ warnings: [problemAt(doc.at(['kind']), message)] });
}

const lifecycles: readonly string[] = ['experimental', 'production', 'deprecated'];

function readTier(
  metadata: z.output<typeof metadataSchema>,
  doc: YamlDocument,
): { tier?: Tier; problem?: ConfigProblem } {
  const fromAnnotation = metadata.annotations['nines.dev/tier'];
  const text = fromAnnotation ?? metadata.labels.tier;
  if (text === undefined) return { tier: serviceDefaults.tier };
  if (/^[1-4]$/.test(text)) return { tier: Number(text) as Tier };
  const path =
    fromAnnotation !== undefined
      ? ['metadata', 'annotations', 'nines.dev/tier']
      : ['metadata', 'labels', 'tier'];
  return { problem: problemAt(doc.at(path), `tier must be "1", "2", "3" or "4", got "${text}"`) };
}

interface ComponentLinks {
  owner?: string;
  /** Set when the owner is a User: the owning team is that User's first group, known once all is read. */
  ownerUser?: string;
  dependsOn: string[];
  refs: Reference[];
  problems: ConfigProblem[];
}

/** A Component's owner and the components it depends on; values that are not strings are skipped. */
function readComponentLinks(
  owner: unknown,
  dependsOn: readonly unknown[],
  doc: YamlDocument,
): ComponentLinks {
  const links: ComponentLinks = { dependsOn: [], refs: [], problems: [] };
  if (typeof owner === 'string') {
    const at = doc.at(['spec', 'owner']);
    if (parseEntityRef(owner).kind === 'user') {
      links.ownerUser = userName(owner);
      const hint = `a Backstage owner ${owner} must be a User (or a Nines Person) in the directory`;
      links.refs.push({ kind: 'persons', name: links.ownerUser, at, hint });
    } else {
      links.owner = parseEntityRef(owner).name;
      links.refs.push({ kind: 'teams', name: links.owner, at });
    }
  }
  dependsOn.forEach((ref, index) => {
    if (typeof ref !== 'string') return;
    const parsedRef = parseEntityRef(ref);
    if ((parsedRef.kind ?? 'component') !== 'component') return;
    const at = doc.at(['spec', 'dependsOn', index]);
    if (!isValidName(parsedRef.name)) {
      const message = `"${parsedRef.name}" is not a valid Nines name (lowercase letters, digits, "-")`;
      links.problems.push(problemAt(at, message));
      return;
    }
    links.dependsOn.push(parsedRef.name);
    links.refs.push({ kind: 'services', name: parsedRef.name, at });
  });
  return links;
}

/** A Component that fails validation still has its owner and dependencies checked. */
function failedComponent(doc: YamlDocument, problems: ConfigProblem[]): Collected {
  const dependsOn = valueAt(doc.value, ['spec', 'dependsOn']);
  const links = readComponentLinks(
    valueAt(doc.value, ['spec', 'owner']),
    Array.isArray(dependsOn) ? dependsOn : [],
    doc,
  );
  const failed = failedDocument('services', valueAt(doc.value, ['metadata', 'name']), problems);
  return {
    ...failed,
    problems: [...problems, ...links.problems],
    looseRefs: unflagged(links.refs, problems),
  };
}

function readComponent(doc: YamlDocument): Collected {
  const parsed = componentSchema.safeParse(doc.value);
  if (!parsed.success) return failedComponent(doc, issuesToProblems(parsed.error.issues, doc));
  const { metadata, spec } = parsed.data;
  const links = readComponentLinks(spec.owner, spec.dependsOn, doc);
  const { ownerUser } = links;
  if (ownerUser === undefined) return componentToModel(parsed.data, links, doc);
  // Owned by a User: the owning team is the User's first group, known once every document is read.
  const at = doc.at(['spec', 'owner']);
  const run = (entries: readonly Entry[]): Collected => {
    const user = entries.find((entry) => entry.kind === 'persons' && entry.value.name === ownerUser);
    const team = user?.memberOf?.[0];
    const warnings =
      user && team === undefined
        ? [
            problemAt(
              at,
              `owner User "${ownerUser}" is in no Group: the Service has no owning team, so no team is paged for it`,
            ),
          ]
        : [];
    const owned: ComponentLinks = {
      ...links,
      ...(team !== undefined ? { owner: team } : {}),
      refs: team !== undefined ? [...links.refs, { kind: 'teams', name: team, at }] : links.refs,
    };
    const result = componentToModel(parsed.data, owned, doc);
    return { ...result, warnings: [...result.warnings, ...warnings] };
  };
  return collected({ later: [{ at, run }], claims: [{ kind: 'services', name: metadata.name }] });
}

function componentToModel(
  { metadata, spec }: z.output<typeof componentSchema>,
  links: ComponentLinks,
  doc: YamlDocument,
): Collected {
  const { owner, dependsOn, refs } = links;
  const problems = [...links.problems];
  const { tier, problem } = readTier(metadata, doc);
  if (problem) problems.push(problem);
  const runbook = metadata.annotations['nines.dev/runbook'];
  const value: Service = {
    name: metadata.name,
    ...(metadata.title ? { displayName: metadata.title } : {}),
    ...(metadata.description ? { description: metadata.description } : {}),
    ...(owner ? { owner } : {}),
    tier: tier ?? serviceDefaults.tier,
    lifecycle: lifecycles.includes(spec.lifecycle ?? '') ? (spec.lifecycle as Lifecycle) : 'production',
    dependsOn,
    ...(runbook ? { runbook } : {}),
    links: metadata.links.map((link) => ({ title: link.title ?? link.url, url: link.url })),
    tags: metadata.tags,
    origin: 'backstage',
    source: doc.at(['metadata', 'name']),
  };
  return collected({ entries: [{ kind: 'services', value, refs }], problems });
}

function readGroup(doc: YamlDocument): Collected {
  const parsed = groupSchema.safeParse(doc.value);
  if (!parsed.success)
    return failedDocument(
      'teams',
      valueAt(doc.value, ['metadata', 'name']),
      issuesToProblems(parsed.error.issues, doc),
    );
  const { metadata, spec } = parsed.data;
  const displayName = spec.profile?.displayName ?? metadata.title;
  const at = doc.at(['metadata', 'name']);
  // Members are the Group's own list plus every User whose memberOf names it, known once all is read.
  const run = (entries: readonly Entry[]): Collected => {
    const joined = entries.flatMap((entry) =>
      entry.kind === 'persons' && entry.memberOf?.includes(metadata.name) ? [entry.value.name] : [],
    );
    const value: Team = {
      name: metadata.name,
      ...(displayName ? { displayName } : {}),
      ...(metadata.description ? { description: metadata.description } : {}),
      members: [...new Set([...spec.members.map(userName), ...joined])],
      contacts: [],
      origin: 'backstage',
      source: at,
    };
    return collected({ entries: [{ kind: 'teams', value, refs: [] }] });
  };
  return collected({ later: [{ at, run }], claims: [{ kind: 'teams', name: metadata.name }] });
}

/** A User as a Person (display name, e-mail), remembering its groups for owners and team members. */
function readUser(doc: YamlDocument): Collected {
  const parsed = userSchema.safeParse(doc.value);
  const rawName = valueAt(doc.value, ['metadata', 'name']);
  const claimed = typeof rawName === 'string' ? userName(rawName) : undefined;
  if (!parsed.success) return failedDocument('persons', claimed, issuesToProblems(parsed.error.issues, doc));
  const { metadata, spec } = parsed.data;
  const name = userName(metadata.name);
  const at = doc.at(['metadata', 'name']);
  if (!isValidName(name)) {
    const message = `User name "${metadata.name}" is not a valid Nines name even with "." and "_" as "-" (lowercase letters, digits, "-")`;
    return collected({ problems: [problemAt(at, message)] });
  }
  const displayName = spec.profile?.displayName?.trim() || metadata.title;
  const email = spec.profile?.email;
  const value: Person = {
    name,
    ...(displayName ? { displayName } : {}),
    timeZone: 'UTC',
    contacts: email ? [{ kind: 'email', address: email }] : [],
    origin: 'backstage',
    source: at,
  };
  const memberOf = spec.memberOf.map((group) => parseEntityRef(group).name);
  const refs: Reference[] = memberOf.map((team, index) => ({
    kind: 'teams',
    name: team,
    at: doc.at(['spec', 'memberOf', index]),
  }));
  return collected({ entries: [{ kind: 'persons', value, refs, memberOf }] });
}
