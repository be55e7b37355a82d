import { DAY_MS, MINUTE_MS, parseDuration } from '../core/duration.ts';
import { type Collected, collected, type PartialIndicator, type Reference } from './entries.ts';
import type { SourceLocation } from './model/common.ts';
import type { Budgeting, Indicator, Slo, SloWindow } from './model/slos.ts';
import { windowRatioQuery } from './openslo-query.ts';
import type { OpenSloObjective, OpenSloSliSpec, OpenSloSlo } from './openslo-schema.ts';
import { type ConfigProblem, problemAt } from './problems.ts';
import { isValidRollingMs, isValidSliceMs, windowPlaceholder } from './schema-slo.ts';
import { defaultAlerting, roundDecimals } from './slo-parts.ts';
import type { Path, YamlDocument } from './yaml-documents.ts';

type Mapped<T> = { value?: T; problems: ConfigProblem[] };

const calendarUnits: Record<string, 'week' | 'month' | 'quarter'> = {
  '1w': 'week',
  '1M': 'month',
  '1Q': 'quarter',
};

type Role = 'good' | 'bad' | 'total' | 'threshold';

/** The metric sources of an SLI body, with where each sits in the document. */
function listMetrics(spec: OpenSloSliSpec, base: Path) {
  const roles: Role[] = spec.ratioMetric ? ['good', 'bad', 'total'] : ['threshold'];
  return roles.flatMap((role) => {
    const metric = role === 'threshold' ? spec.thresholdMetric : spec.ratioMetric?.[role];
    const path = role === 'threshold' ? [...base, 'thresholdMetric'] : [...base, 'ratioMetric', role];
    return metric ? [{ role, source: metric.metricSource, path: [...path, 'metricSource'] }] : [];
  });
}

/** An OpenSLO SLI body as an indicator waiting for its objective; one DataSource for all its queries. */
export function toPartialIndicator(
  spec: OpenSloSliSpec,
  doc: YamlDocument,
  base: Path,
): Mapped<PartialIndicator> {
  const metrics = listMetrics(spec, base);
  const sources = metrics.map(({ source, path }) => ({
    name: source.metricSourceRef ?? 'default',
    at: source.metricSourceRef ? doc.at([...path, 'metricSourceRef']) : doc.keyAt(path),
  }));
  const first = sources[0] as (typeof sources)[number];
  const mismatch = sources.find((source) => source.name !== first.name);
  if (mismatch) {
    const message = `all queries of an indicator must read one DataSource ("${first.name}" above)`;
    return { problems: [problemAt(mismatch.at, message)] };
  }
  const written = (role: Role): { text?: string; at?: SourceLocation } => {
    const metric = metrics.find((one) => one.role === role);
    if (!metric) return {};
    const field = metric.source.spec.query !== undefined ? 'query' : 'promql';
    return { text: metric.source.spec[field] as string, at: doc.at([...metric.path, 'spec', field]) };
  };
  const located = { source: first.name, sourceAt: first.at };
  if (spec.thresholdMetric) {
    return {
      value: { kind: 'threshold', ...located, query: written('threshold').text as string },
      problems: [],
    };
  }
  // Ratio queries are read per step and per burn window: each needs its range to be the window.
  const problems: ConfigProblem[] = [];
  const query = (role: Role): string | undefined => {
    const { text, at } = written(role);
    if (text === undefined || at === undefined) return undefined;
    const windowed = windowRatioQuery(text, spec.ratioMetric?.counter === true);
    if ('query' in windowed) return windowed.query;
    problems.push(problemAt(at, windowed.problem));
    return undefined;
  };
  const bad = query('bad');
  const good = query('good');
  const total = query('total');
  if (problems.length > 0) return { problems };
  const value: PartialIndicator = {
    kind: 'ratio',
    ...located,
    ...(bad !== undefined ? { errorQuery: bad } : { goodQuery: good as string }),
    totalQuery: total as string,
  };
  return { value, problems: [] };
}

const comparison = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** Completes an indicator: a threshold metric counts good series with `bool` comparison. */
function toIndicator(
  partial: PartialIndicator,
  objective: OpenSloObjective,
  at: () => SourceLocation,
): Mapped<Indicator> {
  const base = { kind: 'prometheus' as const, source: partial.source, groupBy: [] };
  if (partial.kind === 'ratio') {
    const { kind: _kind, sourceAt: _at, ...queries } = partial;
    return { value: { ...base, ...queries }, problems: [] };
  }
  if (objective.op === undefined || objective.value === undefined) {
    return { problems: [problemAt(at(), 'a thresholdMetric needs op and value on the objective')] };
  }
  const good = `sum((${partial.query}) ${comparison[objective.op]} bool ${objective.value})`;
  const total = `count(${partial.query})`;
  if (windowPlaceholder.test(partial.query)) {
    return { value: { ...base, goodQuery: good, totalQuery: total }, problems: [] };
  }
  // A threshold query is a gauge read at one instant; averaged over each window (a subquery), every
  // step and every burn window counts the share of time each series met the threshold.
  const overWindow = (query: string) => `avg_over_time((${query})[{{.window}}:])`;
  return { value: { ...base, goodQuery: overWindow(good), totalQuery: overWindow(total) }, problems: [] };
}

function toWindow(spec: OpenSloSlo['spec'], doc: YamlDocument): Mapped<SloWindow> {
  const window = spec.timeWindow?.[0];
  if (!window) return { value: { kind: 'rolling', durationMs: 30 * DAY_MS }, problems: [] };
  const fail = (field: string, message: string) => ({
    problems: [problemAt(doc.at(['spec', 'timeWindow', 0, field]), message)],
  });
  if (window.calendar || window.isRolling === false) {
    const unit = calendarUnits[window.duration];
    if (window.isRolling === true) return fail('isRolling', 'a calendar window cannot be rolling');
    if (!window.calendar) return fail('isRolling', 'a non-rolling window needs calendar');
    if (!unit) return fail('duration', 'calendar windows must be 1w, 1M or 1Q');
    return { value: { kind: 'calendar', unit, timeZone: window.calendar.timeZone }, problems: [] };
  }
  const durationMs = parseDuration(window.duration);
  if (durationMs === undefined || !isValidRollingMs(durationMs)) {
    return fail('duration', 'a rolling window needs a fixed length from 1d to 366d, such as 28d or 4w');
  }
  return { value: { kind: 'rolling', durationMs }, problems: [] };
}

function toBudgeting(
  spec: OpenSloSlo['spec'],
  objective: OpenSloObjective,
  doc: YamlDocument,
): Mapped<Budgeting> {
  if (spec.budgetingMethod === 'Occurrences') return { value: { method: 'occurrences' }, problems: [] };
  const at = (field: string) => doc.at(['spec', 'objectives', 0, field]);
  const { timeSliceTarget, timeSliceWindow } = objective;
  // A bare number is minutes, as the OpenSLO spec says.
  const sliceMs =
    typeof timeSliceWindow === 'number' ? timeSliceWindow * MINUTE_MS : parseDuration(timeSliceWindow ?? '');
  const problems: ConfigProblem[] = [];
  if (timeSliceTarget === undefined) {
    problems.push(problemAt(at('timeSliceTarget'), `${spec.budgetingMethod} needs timeSliceTarget`));
  }
  if (sliceMs === undefined || !isValidSliceMs(sliceMs)) {
    const message = 'timeSliceWindow must be whole minutes from 1m to 1h that divide 1h';
    problems.push(problemAt(at('timeSliceWindow'), message));
  }
  if (sliceMs === undefined || timeSliceTarget === undefined || problems.length > 0) return { problems };
  return { value: { method: 'timeslices', sliceMs, sliceTarget: timeSliceTarget }, problems };
}

/** Joins label lists, since Nines labels are plain strings. */
function toLabels(labels: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]),
  );
}

/** An OpenSLO SLO (with its indicator already found) as model entries. */
export function openSloSloToModel(slo: OpenSloSlo, partial: PartialIndicator, doc: YamlDocument): Collected {
  const { metadata, spec } = slo;
  const objective = spec.objectives[0] as OpenSloObjective;
  const extra =
    spec.objectives.length > 1
      ? [
          problemAt(
            doc.at(['spec', 'objectives', 1]),
            'Nines reads one objective per SLO: move the others into SLOs of their own',
          ),
        ]
      : [];
  const window = toWindow(spec, doc);
  const budgeting = toBudgeting(spec, objective, doc);
  const indicator = toIndicator(partial, objective, () => doc.keyAt(['spec', 'objectives', 0]));
  const problems = [...extra, ...window.problems, ...budgeting.problems, ...indicator.problems];
  const refs: Reference[] = [
    { kind: 'services', name: spec.service, at: doc.at(['spec', 'service']) },
    {
      kind: 'dataSources',
      name: partial.source,
      at: partial.sourceAt,
      hint: 'metricSourceRef must name a DataSource defined in the config directory (default "default")',
    },
  ];
  if (!window.value || !budgeting.value || !indicator.value) return collected({ problems, looseRefs: refs });
  const value: Slo = {
    name: metadata.name,
    service: spec.service,
    ...(spec.description ? { description: spec.description } : {}),
    objective:
      objective.target !== undefined
        ? roundDecimals(objective.target * 100)
        : (objective.targetPercent as number),
    window: window.value,
    budgeting: budgeting.value,
    indicator: indicator.value,
    exclusions: [],
    alerting: defaultAlerting(window.value),
    labels: toLabels(metadata.labels),
    origin: 'openslo',
    source: doc.at(['metadata', 'name']),
  };
  return collected({ entries: [{ kind: 'slos', value, refs }], problems });
}
