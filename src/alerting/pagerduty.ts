import { z } from 'zod';
import { problemsFromZod } from '../core/zod-problems.ts';
import type { NormalisedAlert } from './alert.ts';
import { ALERT_LIMITS, boundedAnnotations, linkSchema } from './limits.ts';
import type { Parsed } from './parsed.ts';
import { parseTimestamp } from './timestamps.ts';

export const pagerDutySeverities = ['critical', 'error', 'warning', 'info'] as const;

const payloadSchema = z.object({
  summary: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  source: z.string().min(1, 'must not be empty').max(ALERT_LIMITS.labelValueChars),
  severity: z.enum(pagerDutySeverities),
  timestamp: z
    .string()
    .refine((text) => parseTimestamp(text) !== undefined, 'expected an ISO 8601 timestamp')
    .optional(),
  component: z.string().max(ALERT_LIMITS.labelValueChars).optional(),
  group: z.string().max(ALERT_LIMITS.labelValueChars).optional(),
  class: z.string().max(ALERT_LIMITS.labelValueChars).optional(),
  custom_details: z.unknown().optional(),
});

const routingKey = z.string().length(32, 'must be exactly 32 characters (an integration key)');
const dedupKey = z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters');

const triggerSchema = z.object({
  routing_key: routingKey,
  event_action: z.literal('trigger'),
  dedup_key: dedupKey.optional(),
  payload: payloadSchema,
  links: z.array(z.object({ href: linkSchema.min(1), text: z.string().optional() })).default([]),
  images: z
    .array(z.object({ src: z.string().min(1), href: linkSchema.optional(), alt: z.string().optional() }))
    .default([]),
  client: z.string().optional(),
  client_url: linkSchema.optional(),
});

/** acknowledge and resolve name an alert by dedup_key; PagerDuty ignores any payload they carry. */
const updateSchema = z.object({
  routing_key: routingKey,
  event_action: z.enum(['acknowledge', 'resolve']),
  dedup_key: dedupKey,
});

/** A PagerDuty Events API v2 event. Unknown fields are dropped, not refused. */
export const pagerDutyEventSchema = z.discriminatedUnion('event_action', [triggerSchema, updateSchema]);

type TriggerEvent = z.output<typeof triggerSchema>;

/** A PagerDuty change event (`/v2/change/enqueue`): something changed (a deploy), nothing is wrong. */
export const pagerDutyChangeEventSchema = z.object({
  routing_key: routingKey,
  payload: z.object({
    summary: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
    source: z.string().max(ALERT_LIMITS.labelValueChars).optional(),
    timestamp: z
      .string()
      .refine((text) => parseTimestamp(text) !== undefined, 'expected an ISO 8601 timestamp')
      .optional(),
    custom_details: z.unknown().optional(),
  }),
  links: z.array(z.object({ href: linkSchema.min(1), text: z.string().optional() })).default([]),
});

export type PagerDutyChangeEvent = z.output<typeof pagerDutyChangeEventSchema>;

/** Parses a PagerDuty change event, or lists every problem with its path. */
export function parsePagerDutyChangeEvent(body: unknown): Parsed<{ event: PagerDutyChangeEvent }> {
  const parsed = pagerDutyChangeEventSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, body) };
  return { ok: true, event: parsed.data };
}

/** A parsed event: a trigger carries the alert; acknowledge and resolve only name one. */
export type PagerDutyEvent =
  | {
      action: 'trigger';
      routingKey: string;
      /** The event's dedup_key, or the one generated for a trigger without one (answered to the sender). */
      dedupKey: string;
      dedupKeyGenerated: boolean;
      alert: Omit<NormalisedAlert, 'integration'>;
    }
  | { action: 'acknowledge' | 'resolve'; routingKey: string; dedupKey: string };

export interface ParsePagerDutyOptions {
  /** When the trigger's payload has no timestamp. */
  nowMs: number;
  /** Makes a dedup_key for a trigger that has none, as PagerDuty does (e.g. `() => newId()`). */
  newDedupKey: () => string;
}

/** Parses a PagerDuty Events API v2 body, or lists every problem with its path. */
export function parsePagerDutyEvent(body: unknown, options: ParsePagerDutyOptions): Parsed<PagerDutyEvent> {
  const parsed = pagerDutyEventSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, body) };
  const event = parsed.data;
  if (event.event_action !== 'trigger') {
    return { ok: true, action: event.event_action, routingKey: event.routing_key, dedupKey: event.dedup_key };
  }
  const key = event.dedup_key ?? options.newDedupKey();
  return {
    ok: true,
    action: 'trigger',
    routingKey: event.routing_key,
    dedupKey: key,
    dedupKeyGenerated: event.dedup_key === undefined,
    alert: triggerAlert(event, key, options.nowMs),
  };
}

function triggerAlert(event: TriggerEvent, key: string, nowMs: number): Omit<NormalisedAlert, 'integration'> {
  const { payload } = event;
  const details = customDetails(payload.custom_details);
  const standard = { severity: payload.severity, source: payload.source, ...definedOnly(payload) };
  const annotations = Object.fromEntries(
    Object.entries(details).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
  if (typeof payload.custom_details === 'string') annotations.details = payload.custom_details;
  if (event.client !== undefined) annotations.client = event.client;
  return {
    source: 'pagerduty',
    fingerprint: key,
    groupKey: `pd:${key}`,
    status: 'firing',
    // The standard fields win over custom details of the same name: routes rely on them.
    labels: { ...detailLabels(details), ...standard },
    annotations: boundedAnnotations(annotations),
    summary: payload.summary,
    sourceSeverity: payload.severity,
    startsAtMs: payload.timestamp === undefined ? nowMs : (parseTimestamp(payload.timestamp) as number),
    endsAtMs: null,
    links: unique([
      ...event.links.map((link) => link.href),
      ...event.images.flatMap((image) => (image.href ? [image.href] : [])),
      ...(event.client_url ? [event.client_url] : []),
    ]),
  };
}

function definedOnly(payload: TriggerEvent['payload']): Record<string, string> {
  const optional = { component: payload.component, group: payload.group, class: payload.class };
  return stringValues(optional);
}

/** custom_details may be any JSON; only an object's entries become labels and annotations. */
function customDetails(details: unknown): Record<string, unknown> {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return {};
  return details as Record<string, unknown>;
}

function stringValues(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * A custom_details key as a label name routes and silences can match: lower snake case in
 * `[a-z_][a-z0-9_]*` (`free space` and `freeSpace` → `free_space`, `Température` → `temperature`,
 * `5xx rate` → `_5xx_rate`).
 */
export function labelName(key: string): string {
  const snake = key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+(?=.)|(?<=.)_+$/g, '');
  if (snake === '') return '_';
  return /^[0-9]/.test(snake) ? `_${snake}` : snake;
}

/**
 * The string custom_details as labels under normalised names. Keys are taken in code-point order, so
 * when two keys normalise to one name (`free space`, `free_space`) the first keeps it and the next get
 * `_2`, `_3`… whatever order the sender wrote them in. Values too long for a label, and keys past the
 * label limit, stay annotations only; annotations keep every key as written.
 */
function detailLabels(details: Record<string, unknown>): Record<string, string> {
  const labels: Record<string, string> = {};
  const keys = Object.keys(details).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let count = 0;
  for (const key of keys) {
    const value = details[key];
    if (typeof value !== 'string' || value.length > ALERT_LIMITS.labelValueChars) continue;
    if (count >= ALERT_LIMITS.labels) break;
    const base = labelName(key).slice(0, ALERT_LIMITS.labelNameChars - 8);
    let name = base;
    for (let n = 2; name in labels; n++) name = `${base}_${n}`;
    labels[name] = value;
    count++;
  }
  return labels;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
