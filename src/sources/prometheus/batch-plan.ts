import { pushTo } from '../../core/collections.ts';
import type { PrometheusIndicator } from './read-sli.ts';

/** How large a batch may grow: the specs one batched query names, and the length of its regex. */
export interface BatchLimits {
  members: number;
  regexChars: number;
}

/**
 * Range reads: a batch answers with every member's points, so it stays small enough to hold (and its
 * request a sane size).
 */
export const RANGE_BATCH: BatchLimits = { members: 100, regexChars: 4_000 };

/**
 * Tail reads: one instant query over a whole family of specs. Prometheus answers only the groups near a
 * total failure (usually none), so the answer stays small however many specs the regex names.
 */
export const TAIL_BATCH: BatchLimits = { members: 2_000, regexChars: 40_000 };

interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  /** As written between the quotes (escapes kept). */
  value: string;
}

/** `sum [by (labels)] (rate|increase(metric{matchers}[range]))`, the fleet shape batched reads support. */
interface CounterQuery {
  by: string[] | null;
  fn: string;
  metric: string;
  matchers: Matcher[];
  range: string;
}

/** Specs whose queries differ only in the value of one `label="value"` matcher: read with one query pair. */
export interface SliBatch {
  label: string;
  total: string;
  second: string;
  /** Whether the batched queries' `by` lists `label` only to split the answer (then it is dropped again). */
  labelAdded: boolean;
  /**
   * Whether both queries sum by the same labels, so Prometheus can divide one by the other series by
   * series (a tail read asks only for the groups that are near a total failure).
   */
  sameGroups: boolean;
  /** Each member spec (by id) and its value of `label`. */
  members: Array<{ id: string; value: string }>;
}

export interface BatchPlan {
  batches: SliBatch[];
  /** Specs read one query pair each: their shape does not batch, or nothing else shares it. */
  alone: string[];
}

const NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const queryShape = new RegExp(
  `^\\s*sum\\s*(?:by\\s*\\(\\s*((?:${NAME}\\s*,\\s*)*${NAME})?\\s*,?\\s*\\))?\\s*\\(\\s*(rate|increase)\\s*\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^{}]*)\\}\\s*\\[([^\\]]+)\\]\\s*\\)\\s*\\)\\s*$`,
);
const matcherShape = new RegExp(`^\\s*(${NAME})\\s*(=~|!~|!=|=)\\s*"((?:[^"\\\\]|\\\\.)*)"\\s*(?:,|$)`);
// Values that mean the same inside an anchored regex once dots are escaped; anything else stays alone.
const plainValue = /^[A-Za-z0-9_:/.-]+$/;

/** Reads `query` as the fleet shape, or undefined when it is anything else. */
export function parseCounterQuery(query: string): CounterQuery | undefined {
  const match = queryShape.exec(query);
  if (!match) return undefined;
  const [, by, fn, metric, body, range] = match;
  const matchers: Matcher[] = [];
  let rest = body ?? '';
  while (rest.trim() !== '') {
    const one = matcherShape.exec(rest);
    if (!one) return undefined;
    matchers.push({ name: one[1] as string, op: one[2] as Matcher['op'], value: one[3] as string });
    rest = rest.slice(one[0].length);
  }
  return {
    by: by === undefined ? (query.match(/^\s*sum\s*by/) ? [] : null) : by.split(',').map((l) => l.trim()),
    fn: fn as string,
    metric: metric ?? '',
    matchers,
    range: range as string,
  };
}

interface Candidate {
  id: string;
  label: string;
  value: string;
  key: string;
  total: CounterQuery;
  second: CounterQuery;
}

/**
 * Groups specs whose total and error (or good) queries are the fleet shape and differ only in the value of
 * one equality matcher, the same in both (`service="svc-7"`). Each spec joins the largest group it fits.
 */
export function planBatches(
  specs: ReadonlyArray<{ id: string; indicator: PrometheusIndicator }>,
  limits: BatchLimits = RANGE_BATCH,
): BatchPlan {
  const candidates = specs.flatMap(({ id, indicator }) => cachedCandidates(id, indicator));
  const sizes = new Map<string, number>();
  for (const c of candidates) sizes.set(c.key, (sizes.get(c.key) ?? 0) + 1);
  const chosen = new Map<string, Candidate>();
  for (const c of candidates) {
    const best = chosen.get(c.id);
    if (!best || (sizes.get(c.key) ?? 0) > (sizes.get(best.key) ?? 0)) chosen.set(c.id, c);
  }
  const groups = new Map<string, Candidate[]>();
  for (const c of chosen.values()) pushTo(groups, c.key, c);
  const batches: SliBatch[] = [];
  const batched = new Set<string>();
  for (const group of groups.values()) {
    if (new Set(group.map((c) => c.value)).size < 2) continue;
    for (const chunk of chunked(group, limits)) {
      if (chunk.length < 2) continue;
      batches.push(batchOf(chunk));
      for (const c of chunk) batched.add(c.id);
    }
  }
  return { batches, alone: specs.map((s) => s.id).filter((id) => !batched.has(id)) };
}

/** Parsed once per indicator of the model in force: planning runs whenever a step comes due. */
const parsed = new WeakMap<PrometheusIndicator, Map<string, Candidate[]>>();

function cachedCandidates(id: string, indicator: PrometheusIndicator): Candidate[] {
  let byId = parsed.get(indicator);
  if (!byId) {
    byId = new Map();
    parsed.set(indicator, byId);
  }
  let candidates = byId.get(id);
  if (!candidates) {
    candidates = candidatesOf(id, indicator);
    byId.set(id, candidates);
  }
  return candidates;
}

function candidatesOf(id: string, indicator: PrometheusIndicator): Candidate[] {
  const secondText = indicator.errorQuery ?? indicator.goodQuery;
  if (secondText === undefined) return [];
  const total = parseCounterQuery(indicator.totalQuery);
  const second = parseCounterQuery(secondText);
  if (!total || !second) return [];
  const out: Candidate[] = [];
  for (const m of total.matchers) {
    if (m.op !== '=' || !plainValue.test(m.value)) continue;
    const holes = (q: CounterQuery) => q.matchers.filter((x) => x.name === m.name);
    const [inTotal, inSecond] = [holes(total), holes(second)];
    if (inTotal.length !== 1 || inSecond.length !== 1 || inSecond[0]?.op !== '=') continue;
    if (inSecond[0]?.value !== m.value) continue;
    const key = JSON.stringify([
      indicator.source,
      indicator.errorQuery === undefined ? 'good' : 'error',
      indicator.groupBy,
      m.name,
      canonical(total, m.name),
      canonical(second, m.name),
    ]);
    out.push({ id, label: m.name, value: m.value, key, total, second });
  }
  return out;
}

/** The query without its `label` matcher, in one spelling: two specs with the same text share a batch. */
function canonical(query: CounterQuery, label: string): string {
  const others = query.matchers
    .filter((m) => m.name !== label)
    .map((m) => `${m.name}${m.op}"${m.value}"`)
    .sort();
  return JSON.stringify([query.by, query.fn, query.metric, others, query.range]);
}

function chunked(group: Candidate[], limits: BatchLimits): Candidate[][] {
  const chunks: Candidate[][] = [];
  let current: Candidate[] = [];
  let chars = 0;
  for (const c of group) {
    if (current.length >= limits.members || chars + c.value.length > limits.regexChars) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(c);
    chars += c.value.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function batchOf(chunk: Candidate[]): SliBatch {
  const first = chunk[0] as Candidate;
  const values = [...new Set(chunk.map((c) => c.value))];
  const regex = values.map((v) => v.replaceAll('.', '\\\\.')).join('|');
  const labelAdded = !(first.total.by ?? []).includes(first.label);
  // Both batched queries sum by the label and their own `by` list (batchedQuery).
  const groups = (query: CounterQuery) => [...new Set([first.label, ...(query.by ?? [])])].sort().join(',');
  return {
    label: first.label,
    total: batchedQuery(first.total, first.label, regex),
    second: batchedQuery(first.second, first.label, regex),
    labelAdded,
    sameGroups: groups(first.total) === groups(first.second),
    members: chunk.map((c) => ({ id: c.id, value: c.value })),
  };
}

/** `sum by (label, …by) (fn(metric{…others, label=~"v1|v2"}[range]))`. */
function batchedQuery(query: CounterQuery, label: string, regex: string): string {
  const by = [label, ...(query.by ?? []).filter((l) => l !== label)];
  const matchers = query.matchers.map((m) =>
    m.name === label ? `${label}=~"${regex}"` : `${m.name}${m.op}"${m.value}"`,
  );
  return `sum by (${by.join(', ')}) (${query.fn}(${query.metric}{${matchers.join(',')}}[${query.range}]))`;
}
