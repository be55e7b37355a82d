import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DAY_MS } from '../core/duration.ts';
import { type Collected, collected, type Entry, type Reference } from './entries.ts';
import { unflagged } from './loose-refs.ts';
import type { Slo, SloWindow } from './model/slos.ts';
import { type ConfigProblem, problemAt } from './problems.ts';
import { exactlyOneOf, isValidName, nameSchema } from './schema-common.ts';
import { objectivePercentSchema, windowPlaceholder } from './schema-slo.ts';
import { defaultAlerting } from './slo-parts.ts';
import type { Path, YamlDocument } from './yaml-documents.ts';
import { issuesToProblems, valueAt } from './zod-issues.ts';

const query = z.string().regex(windowPlaceholder, 'Sloth queries must contain {{.window}}');
const notSupported = 'is not supported: Nines needs event counts to weight by traffic';

/** Sloth's file format spells fields in snake_case, its Kubernetes CRD in camelCase: both are read. */
const eventsSchema = z
  .object({
    error_query: query.optional(),
    errorQuery: query.optional(),
    total_query: query.optional(),
    totalQuery: query.optional(),
  })
  .check(exactlyOneOf(['error_query', 'errorQuery']))
  .check(exactlyOneOf(['total_query', 'totalQuery']));

const sliSchema = z
  .object({ events: eventsSchema.optional(), raw: z.unknown().optional(), plugin: z.unknown().optional() })
  .check(
    z.superRefine(
      (value: unknown, ctx) => {
        if (typeof value !== 'object' || value === null) return;
        const sli = value as Record<string, unknown>;
        for (const kind of ['raw', 'plugin'] as const) {
          if (sli[kind] !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [kind],
              message: `sli.${kind} ${notSupported}`,
              params: { at: 'key' },
            });
        }
        if (sli.events === undefined && sli.raw === undefined && sli.plugin === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'needs sli.events with error_query and total_query',
            params: { at: 'key' },
          });
        }
      },
      { when: () => true },
    ),
  );

const labelValueMessage = 'expected a label value: a string (numbers and true/false are read as text)';
/** Sloth renders label values written as YAML numbers or booleans (`tier: 2`) as strings; so does Nines. */
const stringMap = z
  .record(
    z.string(),
    z
      .union([z.string(), z.number(), z.boolean()], { error: labelValueMessage })
      .transform((value) => String(value)),
  )
  .default({});

const alertSchema = z
  .object({ disable: z.boolean().default(false), labels: stringMap, annotations: stringMap })
  .prefault({});

const sloSchema = z.object({
  name: nameSchema,
  objective: objectivePercentSchema('objective'),
  description: z.string().optional(),
  labels: stringMap,
  /** Sloth SLO plugins rewrite the generated rules; Nines does not run them (a warning says so). */
  plugins: z.unknown().optional(),
  sli: sliSchema,
  alerting: z
    .object({
      name: z
        .string()
        .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a Prometheus alert name')
        .default('ErrorBudgetBurn'),
      labels: stringMap,
      annotations: stringMap,
      page_alert: alertSchema,
      pageAlert: alertSchema,
      ticket_alert: alertSchema,
      ticketAlert: alertSchema,
    })
    .prefault({}),
});

// SLOs are validated one by one so a bad one does not hide the others (or the service reference).
const bodySchema = z.object({
  service: nameSchema,
  labels: stringMap,
  slo_plugins: z.unknown().optional(),
  slos: z.array(z.unknown()).min(1),
});
const fileSchema = bodySchema.extend({ version: z.literal('prometheus/v1') });
const crdSchema = z.object({ spec: bodySchema });

type SlothBody = z.output<typeof bodySchema>;
type SlothSlo = z.output<typeof sloSchema>;
type SloResult = { entry?: Entry; problems: ConfigProblem[]; warnings: ConfigProblem[] };

/** Reads a Sloth `version: prometheus/v1` file. */
export function readSlothDocument(doc: YamlDocument): Collected {
  const parsed = fileSchema.safeParse(doc.value);
  if (!parsed.success) return failedBody(doc, [], issuesToProblems(parsed.error.issues, doc));
  return slothToModel(parsed.data, doc, []);
}

/**
 * A body that fails validation still has its SLOs checked (so every problem of the file shows at once)
 * and its service, when that is a string of its own.
 */
function failedBody(doc: YamlDocument, base: Path, bodyProblems: ConfigProblem[]): Collected {
  const slos = valueAt(doc.value, [...base, 'slos']);
  const sloProblems = (Array.isArray(slos) ? slos : []).flatMap((raw, index) => {
    const parsed = sloSchema.safeParse(raw);
    return parsed.success ? [] : issuesToProblems(parsed.error.issues, doc, [...base, 'slos', index]);
  });
  const problems = [...bodyProblems, ...sloProblems];
  const service = valueAt(doc.value, [...base, 'service']);
  if (typeof service !== 'string') return collected({ problems });
  return collected({ problems, looseRefs: unflagged([serviceRef(service, doc, base)], problems) });
}

function serviceRef(service: string, doc: YamlDocument, base: Path): Reference {
  return {
    kind: 'services',
    name: service,
    at: doc.at([...base, 'service']),
    hint: `a Sloth spec's service must be defined too: add a Service named "${service}" (nines.dev/v1 Service, OpenSLO Service or Backstage Component)`,
  };
}

/** Reads Sloth's Kubernetes form (`sloth.slok.dev/v1` PrometheusServiceLevel); same body under `spec`. */
export function readSlothCrd(doc: YamlDocument, kind: string): Collected {
  if (kind !== 'PrometheusServiceLevel') {
    return collected({
      problems: [
        problemAt(doc.at(['kind']), `unknown Sloth kind "${kind}"; expected PrometheusServiceLevel`),
      ],
    });
  }
  const parsed = crdSchema.safeParse(doc.value);
  if (!parsed.success) return failedBody(doc, ['spec'], issuesToProblems(parsed.error.issues, doc));
  return slothToModel(parsed.data.spec, doc, ['spec']);
}

const window: SloWindow = { kind: 'rolling', durationMs: 30 * DAY_MS };

function slothToModel(body: SlothBody, doc: YamlDocument, base: Path): Collected {
  const parts = body.slos.map((raw, index): SloResult => {
    const path = [...base, 'slos', index];
    const parsed = sloSchema.safeParse(raw);
    return parsed.success
      ? sloToEntry(body, parsed.data, doc, path)
      : { problems: issuesToProblems(parsed.error.issues, doc, path), warnings: [] };
  });
  const entries = parts.flatMap((part) => (part.entry ? [part.entry] : []));
  return collected({
    entries,
    problems: parts.flatMap((part) => part.problems),
    warnings: [
      ...pluginWarnings(body.slo_plugins, doc, [...base, 'slo_plugins']),
      ...parts.flatMap((part) => part.warnings),
    ],
    // With no SLO left to carry it, the service reference is checked on its own.
    looseRefs: entries.length === 0 ? [serviceRef(body.service, doc, base)] : [],
  });
}

/** Sloth SLO plugins (`slo_plugins` of the file, `plugins` of an SLO) are read but not run: say so. */
function pluginWarnings(plugins: unknown, doc: YamlDocument, path: Path): ConfigProblem[] {
  if (plugins === undefined || plugins === null) return [];
  const chain = valueAt(plugins, ['chain']);
  const ids = (Array.isArray(chain) ? chain : [])
    .map((plugin) => valueAt(plugin, ['id']))
    .filter((id): id is string => typeof id === 'string');
  const named = ids.length > 0 ? ` (${ids.join(', ')})` : '';
  const message = `Sloth SLO plugins are not run by Nines${named}: their changes to the generated rules are not applied`;
  return [problemAt(doc.keyAt(path), message)];
}

const maxNameLength = 63;
const hashLength = 6;

/**
 * Sloth accepts `<service>-<name>` of any length; Nines names are DNS labels of at most 63 characters.
 * A longer one keeps its start and gets a short hash of the whole name, so two long names stay apart.
 */
function sloName(full: string): string {
  if (full.length <= maxNameLength) return full;
  const start = full.slice(0, maxNameLength - hashLength - 1).replace(/-+$/, '');
  return `${start}-${createHash('sha256').update(full).digest('hex').slice(0, hashLength)}`;
}

function sloToEntry(body: SlothBody, slo: SlothSlo, doc: YamlDocument, path: Path): SloResult {
  const full = `${body.service}-${slo.name}`;
  const name = sloName(full);
  if (!isValidName(name)) {
    const message = `SLO name "${full}" (service-name) must be a DNS label`;
    return { problems: [problemAt(doc.at([...path, 'name']), message)], warnings: [] };
  }
  const warnings = pluginWarnings(slo.plugins, doc, [...path, 'plugins']);
  if (name !== full) {
    const message = `SLO name "${full}" (service-name) is longer than ${maxNameLength} characters: Nines names it "${name}"`;
    warnings.unshift(problemAt(doc.at([...path, 'name']), message));
  }
  const { events } = slo.sli;
  const alerting = slo.alerting;
  const value: Slo = {
    name,
    service: body.service,
    ...(slo.description ? { description: slo.description } : {}),
    objective: slo.objective,
    window,
    budgeting: { method: 'occurrences' },
    indicator: {
      kind: 'prometheus',
      source: 'default',
      errorQuery: (events?.error_query ?? events?.errorQuery) as string,
      totalQuery: (events?.total_query ?? events?.totalQuery) as string,
      groupBy: [],
    },
    exclusions: [],
    alerting: defaultAlerting(window, {
      name: alerting.name,
      labels: alerting.labels,
      annotations: alerting.annotations,
    }),
    labels: { ...body.labels, ...slo.labels },
    origin: 'sloth',
    source: doc.at([...path, 'name']),
  };
  const tiers = {
    page: [alerting.page_alert, alerting.pageAlert],
    ticket: [alerting.ticket_alert, alerting.ticketAlert],
  } as const;
  const unusedSeverities: string[] = [];
  for (const tier of ['page', 'ticket'] as const) {
    const [snake, camel] = tiers[tier];
    value.alerting[tier].enabled = !(snake.disable || camel.disable);
    // Exported alerts carry the tier's labels, but severity is the tier itself (page, ticket) in Nines.
    const { severity, ...kept } = { ...snake.labels, ...camel.labels };
    if (severity !== undefined && severity !== tier) unusedSeverities.push(`${tier} "${severity}"`);
    value.alerting[tier].labels = kept;
    value.alerting[tier].annotations = { ...snake.annotations, ...camel.annotations };
  }
  // Sloth has no catastrophic tier: a disabled page alert means this SLO pages no one.
  value.alerting.catastrophic.enabled = value.alerting.page.enabled;
  if (unusedSeverities.length > 0) {
    const message = `alert severity labels (${unusedSeverities.join(', ')}) are not used: exported alerts are labelled severity="page" or "ticket"; the tiers' other labels and annotations are kept`;
    warnings.push(problemAt(doc.keyAt([...path, 'alerting']), message));
  }
  const entry: Entry = {
    kind: 'slos',
    value,
    refs: [
      serviceRef(body.service, doc, path.slice(0, -2)),
      {
        kind: 'dataSources',
        name: 'default',
        at: doc.keyAt([...path, 'sli', 'events']),
        hint: 'Sloth SLOs read from the DataSource named "default": define one',
      },
    ],
  };
  return { entry, problems: [], warnings };
}
