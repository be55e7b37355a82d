import { z } from 'zod';
import { type Collected, collected, failedDocument, type Reference } from './entries.ts';
import { unflagged } from './loose-refs.ts';
import type { Lifecycle, Service, Team, Tier } from './model/catalog.ts';
import { type ConfigProblem, problemAt } from './problems.ts';
import { serviceDefaults } from './schema-catalog.ts';
import { isValidName, nameSchema } from './schema-common.ts';
import type { YamlDocument } from './yaml-documents.ts';
import { issuesToProblems, valueAt } from './zod-issues.ts';

/** Backstage kinds with nothing for Nines; read silently. */
const ignoredKinds = new Set(['System', 'API', 'Resource', 'User', 'Location', 'Domain', 'Template']);

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

/** Reads one Backstage catalog entity: Component -> Service, Group -> Team. */
export function readBackstageDocument(doc: YamlDocument, kind: string): Collected {
  if (kind === 'Component') return readComponent(doc);
  if (kind === 'Group') return readGroup(doc);
  if (ignoredKinds.has(kind)) return collected();
  return collected({ problems: [problemAt(doc.at(['kind']), `unknown Backstage kind "${kind}"`)] });
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
    links.owner = parseEntityRef(owner).name;
    links.refs.push({ kind: 'teams', name: links.owner, at: doc.at(['spec', 'owner']) });
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
  const { owner, dependsOn, refs, problems } = readComponentLinks(spec.owner, spec.dependsOn, doc);
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
  const value: Team = {
    name: metadata.name,
    ...(displayName ? { displayName } : {}),
    ...(metadata.description ? { description: metadata.description } : {}),
    members: spec.members.map((member) => parseEntityRef(member).name),
    contacts: [],
    origin: 'backstage',
    source: doc.at(['metadata', 'name']),
  };
  return collected({ entries: [{ kind: 'teams', value, refs: [] }] });
}
