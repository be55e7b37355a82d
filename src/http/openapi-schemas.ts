import { z } from 'zod';
import { alertmanagerWebhookSchema, pagerDutyEventSchema } from '../alerting/index.ts';
import { errorCodes } from '../core/errors.ts';
import { sliEventBatchSchema } from '../engine/index.ts';
import { pageStatuses } from '../paging/index.ts';
import { BURN_WINDOW_KEYS } from '../slo/index.ts';
import { alertSeverities, alertStates } from './routes/alerts.ts';
import { sloStatuses } from './routes/slos.ts';

type Schema = Record<string, unknown>;

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const nullableNum = { type: ['number', 'null'] };
const time = { type: 'string', format: 'date-time' };
const strings = { type: 'array', items: str };
const stringMap = { type: 'object', additionalProperties: str };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  const required = Object.keys(properties).filter((key) => !optional.includes(key));
  return { type: 'object', properties, required };
}

/** The JSON Schema of a zod schema, minus `$schema` (the document's dialect applies). */
function fromZod(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as Schema;
  return rest;
}

const burnRates = object(Object.fromEntries(BURN_WINDOW_KEYS.map((key) => [key, nullableNum])));

const service = object({
  name: str,
  displayName: nullableStr,
  description: nullableStr,
  owner: nullableStr,
  tier: { type: 'integer', enum: [1, 2, 3, 4] },
  lifecycle: { type: 'string', enum: ['experimental', 'production', 'deprecated'] },
  dependsOn: strings,
  dependents: { ...strings, description: 'Services that depend on this one.' },
  runbook: nullableStr,
  dashboard: nullableStr,
  links: { type: 'array', items: object({ title: str, url: str }) },
  tags: strings,
});

const sloStatus = object(
  {
    name: { ...str, description: 'Instance name; groupBy instances are `spec:value1,value2`.' },
    spec: str,
    service: str,
    objective: { type: 'number', description: 'Percent, e.g. 99.9.' },
    window: { ...str, description: 'Rolling duration (`30d`) or calendar unit (`month`).' },
    timeZone: str,
    budgeting: { type: 'string', enum: ['occurrences', 'timeslices'] },
    indicator: { type: 'string', enum: ['prometheus', 'probe', 'events'] },
    labels: stringMap,
    sli: object({ good: nullableNum, total: nullableNum, ratio: nullableNum }),
    errorBudget: object({ remaining: nullableNum, consumed: nullableNum }),
    burnRates: ref('BurnRates'),
    status: { type: 'string', enum: [...sloStatuses] },
    reason: { ...nullableStr, description: 'Why the SLO has no data, when its source failed.' },
    alerts: {
      type: 'array',
      items: object({ severity: { type: 'string', enum: [...alertSeverities] }, state: str, since: time }),
    },
    budgetWindow: { oneOf: [object({ start: time, end: time }), { type: 'null' }] },
    evaluatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  ['timeZone'],
);

const alert = object({
  id: str,
  slo: str,
  service: str,
  severity: { type: 'string', enum: [...alertSeverities] },
  state: { type: 'string', enum: [...alertStates] },
  labels: stringMap,
  firedAt: time,
  resolvedAt: { type: ['string', 'null'], format: 'date-time' },
  burnRatesAtFire: ref('BurnRates'),
  burnRatesAtResolve: { oneOf: [ref('BurnRates'), { type: 'null' }] },
  reason: nullableStr,
});

const historyPoint = object({
  time,
  sliRatio: nullableNum,
  budgetRemaining: nullableNum,
  burnRates: ref('BurnRates'),
});

const error = object({
  error: object(
    {
      code: { type: 'string', enum: [...errorCodes] },
      message: str,
      details: { type: 'array', items: object({ path: str, message: str }) },
      requestId: str,
    },
    ['details'],
  ),
});

const probeResult = object({
  at: time,
  ok: { type: 'boolean' },
  latencyMs: { type: 'number' },
  attempts: { type: 'integer' },
  status: { type: ['integer', 'null'] },
  certDaysLeft: { type: ['integer', 'null'] },
  error: nullableStr,
});

const probe = object({
  name: str,
  service: nullableStr,
  kind: { type: 'string', enum: ['http', 'tcp', 'dns'] },
  target: str,
  intervalMs: { type: 'integer' },
  lastResult: { oneOf: [ref('ProbeResult'), { type: 'null' }] },
});

const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const severity = { type: 'string', enum: ['P0', 'P1', 'P2', 'P3', 'P4'] };

const page = object({
  id: { type: 'integer' },
  status: { type: 'string', enum: [...pageStatuses] },
  severity,
  service: nullableStr,
  team: nullableStr,
  summary: str,
  escalationPolicy: nullableStr,
  level: {
    type: 'integer',
    description: 'The last escalation level notified (1-based; 0 before the first).',
  },
  assignee: { ...nullableStr, description: 'Set by a reassignment.' },
  upstreamPageId: { type: ['integer', 'null'] },
  createdAt: time,
  acknowledgedAt: nullableTime,
  acknowledgedBy: nullableStr,
  resolvedAt: nullableTime,
  resolvedBy: nullableStr,
  snoozedUntil: nullableTime,
  nextActionAt: nullableTime,
});

const pageAlert = object({
  id: { type: 'integer' },
  source: { type: 'string', enum: ['slo', 'alertmanager', 'pagerduty'] },
  integration: nullableStr,
  fingerprint: str,
  status: { type: 'string', enum: ['firing', 'resolved', 'acknowledged'] },
  severity,
  service: nullableStr,
  summary: str,
  labels: stringMap,
  annotations: stringMap,
  startsAt: time,
  endsAt: nullableTime,
  firstSeenAt: time,
  lastSeenAt: time,
  pageId: { type: ['integer', 'null'] },
  suppressedBy: {
    ...nullableStr,
    description: 'Why it did not page on its own (silence:, dependency:, flapping).',
  },
});

const delivery = object({
  id: { type: 'integer' },
  recipient: { ...str, description: '`person:NAME` or `team:NAME`.' },
  channel: { type: 'string', enum: ['email', 'slack', 'webhook'] },
  contact: {
    type: 'object',
    description:
      'Where it went, without secrets: an e-mail address, or only the host of a chat or webhook URL.',
    properties: { kind: str, address: str, host: nullableStr },
    required: ['kind'],
  },
  status: { type: 'string', enum: ['pending', 'sent', 'failed'] },
  attempts: { type: 'integer' },
  lastError: nullableStr,
  createdAt: time,
  sentAt: nullableTime,
});

const pageDetail = {
  allOf: [
    ref('Page'),
    object({
      alerts: { type: 'array', items: ref('PageAlert') },
      events: {
        type: 'array',
        description: 'The escalation history, oldest first.',
        items: object({ at: time, kind: str, actor: str, details: { type: 'object' } }),
      },
      deliveries: { type: 'array', items: ref('Delivery') },
    }),
  ],
};

const alertOutcome = object(
  {
    alert: { ...str, description: '`source:fingerprint`.' },
    outcome: {
      type: 'string',
      enum: [
        'paged',
        'attached',
        'attached_upstream',
        'suppressed',
        'recorded',
        'updated',
        'resolved',
        'acknowledged',
      ],
    },
    pageId: { type: ['integer', 'null'] },
    upstream: str,
    reason: str,
  },
  ['pageId', 'upstream', 'reason'],
);

const scheduleOverride = object(
  {
    id: str,
    schedule: str,
    person: str,
    start: time,
    end: time,
    createdAt: time,
    createdBy: str,
    deletedAt: time,
  },
  ['deletedAt'],
);

const silence = object({
  id: { ...str, description: 'The name of a config silence, or the id of an API one.' },
  origin: { type: 'string', enum: ['config', 'api'] },
  matchers: { ...strings, description: 'Prometheus matchers such as `service="payment"`.' },
  start: time,
  end: time,
  comment: nullableStr,
  createdBy: nullableStr,
  active: { type: 'boolean' },
});

const pagerDutyAnswer = (status: string) =>
  status === 'success'
    ? object({ status: { type: 'string', const: 'success' }, message: str, dedup_key: str })
    : object({ status: { type: 'string', const: 'invalid event' }, message: str, errors: strings });

/** Component schemas of the OpenAPI document. */
export const componentSchemas: Record<string, Schema> = {
  Error: error,
  BurnRates: burnRates,
  Service: service,
  ServiceDetail: {
    allOf: [ref('Service'), object({ slos: { type: 'array', items: ref('SloStatus') } })],
  },
  SloStatus: sloStatus,
  HistoryPoint: historyPoint,
  Alert: alert,
  Probe: probe,
  ProbeResult: probeResult,
  SliEventBatch: fromZod(sliEventBatchSchema),
  Page: page,
  PageDetail: pageDetail,
  PageAlert: pageAlert,
  Delivery: delivery,
  AlertOutcome: alertOutcome,
  ScheduleOverride: scheduleOverride,
  Silence: silence,
  AlertmanagerWebhook: fromZod(alertmanagerWebhookSchema),
  PagerDutyEvent: fromZod(pagerDutyEventSchema),
  PagerDutyAccepted: pagerDutyAnswer('success'),
  PagerDutyInvalid: pagerDutyAnswer('invalid'),
};

export { ref };
