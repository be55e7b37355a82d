import type { z } from 'zod';
import { parseDuration } from '../core/duration.ts';
import { type Collected, collected, type Entry, failedDocument, type Later } from './entries.ts';
import { type RefField, readLooseRefs } from './loose-refs.ts';
import type { Service } from './model/catalog.ts';
import {
  openSloDataSourceDocumentSchema,
  openSloServiceDocumentSchema,
  openSloSliDocumentSchema,
  openSloSloDocumentSchema,
} from './openslo-schema.ts';
import { openSloSloToModel, toPartialIndicator } from './openslo-slo.ts';
import { problemAt } from './problems.ts';
import { serviceDefaults } from './schema-catalog.ts';
import { isValidName } from './schema-common.ts';
import { dataSourceSpecSchema } from './schema-sources.ts';
import type { YamlDocument } from './yaml-documents.ts';
import { issuesToProblems, valueAt } from './zod-issues.ts';

/** OpenSLO kinds that are valid but have nothing for Nines (alerting is Nines' own). */
const ignoredKinds = new Set([
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
  'BudgetAdjustment',
]);

const kindReaders: Record<string, (doc: YamlDocument) => Collected> = {
  SLO: readSlo,
  SLI: readSli,
  Service: readService,
  DataSource: readDataSource,
};

/** Reads one openslo/v1 document. */
export function readOpenSloDocument(doc: YamlDocument, kind: string): Collected {
  const reader = kindReaders[kind];
  if (reader) return reader(doc);
  if (ignoredKinds.has(kind)) return collected();
  const known = [...Object.keys(kindReaders), ...ignoredKinds].join(', ');
  return collected({
    problems: [problemAt(doc.at(['kind']), `unknown OpenSLO kind "${kind}"; expected one of ${known}`)],
  });
}

function parse<S extends z.ZodType>(
  schema: S,
  doc: YamlDocument,
): { data?: z.output<S>; problems: ReturnType<typeof issuesToProblems> } {
  const parsed = schema.safeParse(doc.value);
  return parsed.success
    ? { data: parsed.data, problems: [] }
    : { problems: issuesToProblems(parsed.error.issues, doc) };
}

const unknownSliHint = 'define it with kind: SLI (openslo/v1)';

/** Where a Service names its owner: the `owner` label (a list's first item) wins over the annotation. */
function ownerField(value: unknown): RefField {
  const label = valueAt(value, ['metadata', 'labels', 'owner']);
  if (label === undefined) return { kind: 'teams', path: ['metadata', 'annotations', 'nines.dev/owner'] };
  return { kind: 'teams', path: ['metadata', 'labels', 'owner', ...(Array.isArray(label) ? [0] : [])] };
}

function readService(doc: YamlDocument): Collected {
  const { data, problems } = parse(openSloServiceDocumentSchema, doc);
  const name = valueAt(doc.value, ['metadata', 'name']);
  if (!data) {
    const looseRefs = readLooseRefs(doc, [ownerField(doc.value)], problems);
    return { ...failedDocument('services', name, problems), looseRefs };
  }
  const { metadata, spec } = data;
  const label = metadata.labels.owner;
  const ownerPath =
    label !== undefined ? ['metadata', 'labels', 'owner'] : ['metadata', 'annotations', 'nines.dev/owner'];
  const owner = (Array.isArray(label) ? label[0] : label) ?? metadata.annotations['nines.dev/owner'];
  if (owner !== undefined && !isValidName(owner)) {
    const problem = problemAt(doc.at(ownerPath), `owner "${owner}" is not a valid Team name`);
    return failedDocument('services', name, [problem]);
  }
  const value: Service = {
    name: metadata.name,
    ...(metadata.displayName ? { displayName: metadata.displayName } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(owner ? { owner } : {}),
    ...serviceDefaults,
    dependsOn: [],
    links: [],
    tags: [],
    origin: 'openslo',
    source: doc.at(['metadata', 'name']),
  };
  const refs = owner ? [{ kind: 'teams' as const, name: owner, at: doc.at(ownerPath) }] : [];
  return collected({ entries: [{ kind: 'services', value, refs }] });
}

function readDataSource(doc: YamlDocument): Collected {
  const { data, problems } = parse(openSloDataSourceDocumentSchema, doc);
  if (!data) return failedDocument('dataSources', valueAt(doc.value, ['metadata', 'name']), problems);
  const defaults = dataSourceSpecSchema.parse({ type: 'prometheus', url: data.spec.connectionDetails.url });
  const value = {
    name: data.metadata.name,
    kind: 'prometheus' as const,
    url: defaults.url,
    headers: defaults.headers,
    timeoutMs: parseDuration(defaults.timeout) as number,
    stepMs: parseDuration(defaults.step) as number,
    origin: 'openslo' as const,
    source: doc.at(['metadata', 'name']),
  };
  return collected({ entries: [{ kind: 'dataSources', value, refs: [] }] });
}

/** An invalid SLI still claims its name, so SLOs referring to it do not get a second, misleading problem. */
function readSli(doc: YamlDocument): Collected {
  const { data, problems } = parse(openSloSliDocumentSchema, doc);
  const name = data?.metadata.name ?? valueAt(doc.value, ['metadata', 'name']);
  if (typeof name !== 'string' || !isValidName(name)) return collected({ problems });
  const partial = data ? toPartialIndicator(data.spec, doc, ['spec']) : { problems: [] };
  const value = {
    name,
    ...(partial.value ? { indicator: partial.value } : {}),
    source: doc.at(['metadata', 'name']),
  };
  return collected({
    entries: [{ kind: 'slis', value, refs: [] }],
    problems: [...problems, ...partial.problems],
  });
}

/** The references of an SLO that fails validation (its inline indicator's sources are left out). */
const sloRefFields: readonly RefField[] = [
  { kind: 'services', path: ['spec', 'service'] },
  { kind: 'slis', path: ['spec', 'indicatorRef'], hint: unknownSliHint },
];

function readSlo(doc: YamlDocument): Collected {
  const { data, problems } = parse(openSloSloDocumentSchema, doc);
  if (!data) {
    const looseRefs = readLooseRefs(doc, sloRefFields, problems);
    return { ...failedDocument('slos', valueAt(doc.value, ['metadata', 'name']), problems), looseRefs };
  }
  // Checked even when the indicator is unusable, so a wrong service shows up with the other problems.
  const service = { kind: 'services' as const, name: data.spec.service, at: doc.at(['spec', 'service']) };
  const inline = data.spec.indicator;
  if (inline) {
    const partial = toPartialIndicator(inline.spec, doc, ['spec', 'indicator', 'spec']);
    if (!partial.value) return collected({ problems: partial.problems, looseRefs: [service] });
    return openSloSloToModel(data, partial.value, doc);
  }
  const ref = data.spec.indicatorRef as string;
  const at = doc.at(['spec', 'indicatorRef']);
  const run = (entries: readonly Entry[]): Collected => {
    const sli = entries.find((entry) => entry.kind === 'slis' && entry.value.name === ref);
    if (!sli)
      return collected({
        problems: [problemAt(at, `unknown SLI "${ref}": ${unknownSliHint}`)],
        looseRefs: [service],
      });
    const indicator = sli.kind === 'slis' ? sli.value.indicator : undefined;
    return indicator ? openSloSloToModel(data, indicator, doc) : collected({ looseRefs: [service] });
  };
  const later: Later = { at, run };
  return collected({ later: [later] });
}
