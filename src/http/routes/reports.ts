import { Hono } from 'hono';
import { DAY_MS } from '../../core/duration.ts';
import {
  loadOncallHealth,
  loadReliability,
  MAX_PAGES_PER_12_HOURS,
  NOISIEST_ALERTS,
} from '../../reports/index.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { invalidParam, parseTimeParam } from '../params.ts';

/** Without `from`, a report covers the week before `to`. */
export const DEFAULT_REPORT_RANGE_MS = 7 * DAY_MS;
/** A report covers at most a quarter, which keeps the shifts and pages it reads bounded. */
export const MAX_REPORT_RANGE_MS = 92 * DAY_MS;
/** Without `from`, the reliability report covers the 30 days before `to`. */
export const DEFAULT_RELIABILITY_RANGE_MS = 30 * DAY_MS;
/** The reliability report covers at most 400 days: a year of months, with room for partial ones. */
export const MAX_RELIABILITY_RANGE_MS = 400 * DAY_MS;

/**
 * The range of a report query: `to` defaults to now, `from` to `defaultMs` before `to` (a week); at most
 * `maxMs` (92 days).
 */
export function reportRange(
  query: { from?: string; to?: string },
  nowMs: number,
  limits: { defaultMs: number; maxMs: number } = {
    defaultMs: DEFAULT_REPORT_RANGE_MS,
    maxMs: MAX_REPORT_RANGE_MS,
  },
): { fromMs: number; toMs: number } {
  const toMs = parseTimeParam('to', query.to) ?? nowMs;
  const fromMs = parseTimeParam('from', query.from) ?? toMs - limits.defaultMs;
  if (fromMs >= toMs) throw invalidParam('from', 'must be before "to"');
  if (toMs - fromMs > limits.maxMs) {
    throw invalidParam('from', `must be at most ${limits.maxMs / DAY_MS} days before "to"`);
  }
  return { fromMs, toMs };
}

/**
 * GET /reports/oncall: on-call health over a range; GET /reports/reliability: availability, incident
 * figures and follow-up. Read scope, enforced by the `/api/v1` middleware.
 */
export function reportRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/reports/oncall', async (c) => {
    const { fromMs, toMs } = reportRange(
      { from: c.req.query('from'), to: c.req.query('to') },
      deps.ctx.clock.now(),
    );
    return c.json(await loadOncallHealth({ ctx: deps.ctx, fromMs, toMs }));
  });
  routes.get('/reports/reliability', async (c) => {
    const { fromMs, toMs } = reportRange(
      { from: c.req.query('from'), to: c.req.query('to') },
      deps.ctx.clock.now(),
      {
        defaultMs: DEFAULT_RELIABILITY_RANGE_MS,
        maxMs: MAX_RELIABILITY_RANGE_MS,
      },
    );
    const service = c.req.query('service') || undefined;
    return c.json(await loadReliability({ ctx: deps.ctx, fromMs, toMs, service }));
  });
  return routes;
}

type Schema = Record<string, unknown>;

const int = { type: 'integer', minimum: 0 };
const str = { type: 'string' };
const time = { type: 'string', format: 'date-time' };
const nullableSeconds = {
  type: ['number', 'null'],
  description: 'Seconds; null when nothing was acknowledged.',
};
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const errorResponse = (description: string) => ({
  description,
  ...json({ $ref: '#/components/schemas/Error' }),
});

function object(properties: Record<string, Schema>): Schema {
  return { type: 'object', properties, required: Object.keys(properties) };
}

const oncallHealthSchema = object({
  from: time,
  to: time,
  totals: object({
    pages: { ...int, description: 'P0–P2 pages created in [from, to).' },
    acknowledged: int,
    mttaSeconds: { ...nullableSeconds, description: 'Mean time from page to acknowledgement (MTTA).' },
    escalationRate: {
      type: ['number', 'null'],
      description: 'Share of pages that escalated beyond the first level (0..1); null without pages.',
    },
    pagesOutsideBusinessHours: {
      ...int,
      description: 'Pages that reached someone outside Mon–Fri 09:00–17:00 in their own time zone.',
    },
    overloadedShifts: int,
  }),
  perPerson: {
    type: 'array',
    description: 'Everyone notified or on call in the range, busiest first.',
    items: object({
      person: str,
      pages: { ...int, description: 'Pages this person was notified for.' },
      outsideBusinessHours: int,
      acknowledged: { ...int, description: 'Of those, acknowledged (by anyone) after they were notified.' },
      mttaSeconds: {
        ...nullableSeconds,
        description: 'Mean time from their notification to acknowledgement.',
      },
    }),
  },
  perShift: {
    type: 'array',
    description: 'Final-schedule shifts (rotations and overrides) clipped to the range, in time order.',
    items: object({
      schedule: str,
      person: str,
      start: time,
      end: time,
      pages: { ...int, description: 'Pages that notified the shift person during the shift.' },
      pagesPer12Hours: { type: 'number', description: 'Shifts of 12 hours or less count as 12 hours.' },
      overloaded: {
        type: 'boolean',
        description: `More than ${MAX_PAGES_PER_12_HOURS} pages per 12 hours of shift.`,
      },
    }),
  },
  noisiestAlerts: {
    type: 'array',
    description: `The ${NOISIEST_ALERTS} alert names (per service) seen most often in the range, suppressed ones included.`,
    items: object({ alertname: str, service: { type: ['string', 'null'] }, count: int }),
  },
});

const rangeParam = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});

/** The OpenAPI path item of `/api/v1/reports/oncall`, for the document in `src/http/openapi.ts`. */
export const oncallReportOpenApi = {
  get: {
    summary: 'On-call health: pages per person and shift, MTTA, escalation rate, noisiest alerts',
    description: 'Needs a token with the `read` scope.',
    security: [{ bearer: [] }],
    parameters: [
      rangeParam('from', 'Start, RFC 3339 or epoch ms. Default: `to` − 7 days; at most 92 days before `to`.'),
      rangeParam('to', 'End (exclusive), RFC 3339 or epoch ms. Default: now.'),
    ],
    responses: {
      '200': { description: 'The report.', ...json(oncallHealthSchema) },
      '400': errorResponse('Bad `from` or `to`, or a range over 92 days (named in `details`).'),
      '401': errorResponse('Missing, unknown or revoked token (`unauthenticated`).'),
      '403': errorResponse('The token lacks the scope (`forbidden`).'),
      '503': errorResponse('Storage unavailable (`unavailable`).'),
    },
  },
};
