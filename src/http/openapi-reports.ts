import { COMPLETION_TARGET_PERCENT } from '../postmortems/index.ts';
import { errorResponse, json, protectedOp, query, type Schema } from './openapi-ops.ts';

const int = { type: 'integer', minimum: 0 };
const time = { type: 'string', format: 'date-time' };
const nullable = (type: string, description: string) => ({ type: [type, 'null'], description });
const seconds = (description: string) => nullable('number', `${description} In seconds; null when none.`);
const percent = (description: string) => nullable('number', `${description} Percent (0..100).`);

function object(properties: Record<string, Schema>, description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties),
  };
}

const availability = {
  availability: nullable(
    'number',
    'Σgood / Σtotal over all SLOs of the service (0..1); null without events.',
  ),
  downtimeMinutes: nullable(
    'number',
    '(1 − availability) × minutes of the span elapsed by now (seed 001: "98.2 % uptime, 19.4 h downtime").',
  ),
  events: { type: 'number', description: 'Σtotal: the events counted.' },
};

const incidents = object({
  total: { ...int, description: 'Incidents declared in [from, to).' },
  open: { ...int, description: 'Of those, not resolved yet.' },
  bySeverity: object({ SEV1: int, SEV2: int, SEV3: int, SEV4: int }),
  mttdSeconds: seconds('Mean time to detect: onset to detection.'),
  mttaSeconds: seconds(
    "Mean time to acknowledge: detection to the incident's acknowledgement, or its pages' first one.",
  ),
  mttrSeconds: seconds('Mean time to recover: detection to resolution, over resolved incidents.'),
  mtbfSeconds: seconds(
    'Mean time between failures: mean gap between consecutive onsets; null under 2 incidents.',
  ),
  byMonth: {
    type: 'array',
    description: 'Per UTC month, by declaration time.',
    items: object({
      month: { type: 'string', example: '2026-10' },
      incidents: int,
      mttrSeconds: seconds('MTTR.'),
    }),
  },
});

const reliabilitySchema = object({
  from: time,
  to: time,
  service: nullable('string', 'The `service` filter, or null.'),
  generatedAt: time,
  services: {
    type: 'array',
    description: 'Every service in the catalog or named by an SLO (or just `service`), by name.',
    items: object({
      service: { type: 'string' },
      ...availability,
      months: {
        type: 'array',
        description: 'UTC calendar months clipped to [from, to).',
        items: object({ month: { type: 'string', example: '2026-10' }, ...availability }),
      },
    }),
  },
  incidents,
  errorBudget: {
    type: 'array',
    description:
      "Error budget consumed by the range's incidents, per SLO of their services (of `service` only when filtered), " +
      'each incident measured over [onset, resolution or now); most consumed first.',
    items: object({
      slo: { type: 'string' },
      service: { type: 'string' },
      consumedPercent: percent(
        'Sum over incidents of the share of the SLO window budget each consumed; may exceed 100.',
      ),
      incidents: {
        ...int,
        description: 'Incidents whose consumption could be measured (the window had events).',
      },
    }),
  },
  postmortems: object({
    total: { ...int, description: "Postmortems of the range's incidents, required or not." },
    required: int,
    drafted: { ...int, description: 'Required ones in draft or in review.' },
    final: { ...int, description: 'Required ones final.' },
    completionPercent: percent('final / required.'),
  }),
  actionItems: object({
    total: int,
    done: int,
    doneWithinTarget: { ...int, description: 'Done within `targetDays` of creation.' },
    open: { ...int, description: 'Open or in progress.' },
    overdue: { ...int, description: 'Open or in progress past their due date.' },
    wontDo: int,
    assessed: {
      ...int,
      description: "Done within the target, or older than it (won't-do aside): the items the rate judges.",
    },
    completionPercent: percent('doneWithinTarget / assessed.'),
    targetDays: { type: 'number', description: "The incident policy's action item target (default 30)." },
    targetPercent: { type: 'number', description: `Seed 000's goal: ${COMPLETION_TARGET_PERCENT}.` },
  }),
});

/** The OpenAPI path item of `/api/v1/reports/reliability`, for the document in `src/http/openapi.ts`. */
export const reliabilityReportOpenApi = {
  get: protectedOp({
    summary: 'Reliability: availability per service and month, MTTD/MTTA/MTTR/MTBF, budget used, follow-up',
    scope: 'read',
    description: 'The figures of a reliability review (seed 001 §6) over [from, to).',
    parameters: [
      query('from', 'Start, RFC 3339 or epoch ms. Default: `to` − 30 days; at most 400 days before `to`.'),
      query('to', 'End (exclusive), RFC 3339 or epoch ms. Default: now.'),
      query('service', "Only this service's availability, incidents (those affecting it) and SLOs."),
    ],
    responses: {
      '200': { description: 'The report.', ...json(reliabilitySchema) },
      '400': errorResponse(
        'Bad `from` or `to`, `from` not before `to`, or a range over 400 days (`invalid_input`).',
      ),
      '404': errorResponse('No such service (`not_found`).'),
    },
  }),
};
