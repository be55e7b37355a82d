import { MAX_BODY_BYTES } from './json-body.ts';
import { incidentPaths } from './openapi-incidents.ts';
import { errorResponse, json, nameParam, protectedOp, publicOp, query } from './openapi-ops.ts';
import { pagingPaths } from './openapi-paging.ts';
import { postmortemPaths } from './openapi-postmortems.ts';
import { reliabilityReportOpenApi } from './openapi-reports.ts';
import { componentSchemas, ref } from './openapi-schemas.ts';
import { statusPaths } from './openapi-status.ts';
import { alertSeverities, alertStates } from './routes/alerts.ts';
import { oncallReportOpenApi } from './routes/reports.ts';
import { sloStatuses } from './routes/slos.ts';

const historyParams = [
  nameParam('SLO'),
  query('from', 'Start, RFC 3339 or epoch ms. Default: `to` − 24 h.'),
  query('to', 'End, RFC 3339 or epoch ms. Default: now.'),
  query('step', 'Duration (`5m`) or seconds, rounded up to whole minutes. Default: ≤ 300 points.'),
];

const paths = {
  '/healthz': {
    get: publicOp('Liveness', {
      '200': { description: 'The process answers.', ...json({ type: 'object' }) },
    }),
  },
  '/readyz': {
    get: publicOp('Readiness of storage and config', {
      '200': { description: 'Ready; `checks` per dependency.', ...json({ type: 'object' }) },
      '503': { description: 'Not ready; `checks` says why.', ...json({ type: 'object' }) },
    }),
  },
  '/metrics': {
    get: publicOp('Nines’ own metrics', {
      '200': {
        description: 'Prometheus text format.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    }),
  },
  '/api/v1/openapi.json': {
    get: publicOp('This document', { '200': { description: 'OpenAPI 3.1.', ...json({ type: 'object' }) } }),
  },
  '/api/v1/services': {
    get: protectedOp({
      summary: 'List services',
      scope: 'read',
      responses: {
        '200': {
          description: 'Services by name.',
          ...json({ type: 'object', properties: { services: { type: 'array', items: ref('Service') } } }),
        },
      },
    }),
  },
  '/api/v1/services/{name}': {
    get: protectedOp({
      summary: 'One service with its SLOs’ live status',
      scope: 'read',
      parameters: [nameParam('Service')],
      responses: {
        '200': { description: 'The service.', ...json(ref('ServiceDetail')) },
        '404': errorResponse('No such service.'),
      },
    }),
  },
  '/api/v1/slos': {
    get: protectedOp({
      summary: 'Live status of every SLO instance',
      scope: 'read',
      parameters: [
        query('service', 'Only SLOs of this service.'),
        query('status', 'Only SLOs in this status.', { type: 'string', enum: [...sloStatuses] }),
      ],
      responses: {
        '200': {
          description: 'SLOs by name.',
          ...json({ type: 'object', properties: { slos: { type: 'array', items: ref('SloStatus') } } }),
        },
        '400': errorResponse('Bad `status`.'),
      },
    }),
  },
  '/api/v1/slos/{name}': {
    get: protectedOp({
      summary: 'Live status of one SLO instance',
      scope: 'read',
      parameters: [nameParam('SLO')],
      responses: {
        '200': { description: 'The SLO.', ...json(ref('SloStatus')) },
        '404': errorResponse('No such SLO.'),
      },
    }),
  },
  '/api/v1/slos/{name}/history': {
    get: protectedOp({
      summary: 'SLI, budget and burn rates over time, replayed from stored data',
      scope: 'read',
      parameters: historyParams,
      responses: {
        '200': {
          description: 'One point per step from `from` to `to`.',
          ...json({
            type: 'object',
            properties: {
              slo: { type: 'string' },
              step: { type: 'string' },
              points: { type: 'array', items: ref('HistoryPoint') },
            },
          }),
        },
        '400': errorResponse('Bad `from`, `to` or `step` (named in `details`).'),
        '404': errorResponse('No such SLO.'),
      },
    }),
  },
  '/api/v1/reports/oncall': oncallReportOpenApi,
  '/api/v1/reports/reliability': reliabilityReportOpenApi,
  '/api/v1/alerts': {
    get: protectedOp({
      summary: 'SLO alert episodes, newest first',
      scope: 'read',
      parameters: [
        query('state', 'Only firing or only resolved alerts.', { type: 'string', enum: [...alertStates] }),
        query('slo', 'Only this SLO instance.'),
        query('severity', 'Only this severity.', { type: 'string', enum: [...alertSeverities] }),
        query('limit', 'At most this many (default 100).', { type: 'integer', minimum: 1, maximum: 1000 }),
      ],
      responses: {
        '200': {
          description: 'Alerts.',
          ...json({ type: 'object', properties: { alerts: { type: 'array', items: ref('Alert') } } }),
        },
        '400': errorResponse('Bad filter.'),
      },
    }),
  },
  '/api/v1/probes': {
    get: protectedOp({
      summary: 'Synthetic probes with their latest run',
      scope: 'read',
      responses: {
        '200': {
          description: 'Probes.',
          ...json({ type: 'object', properties: { probes: { type: 'array', items: ref('Probe') } } }),
        },
      },
    }),
  },
  '/api/v1/probes/{name}/results': {
    get: protectedOp({
      summary: 'Recent runs of one probe, newest first (result and latency)',
      scope: 'read',
      parameters: [
        nameParam('Probe'),
        query('limit', 'At most this many (default 100).', { type: 'integer', minimum: 1, maximum: 1000 }),
      ],
      responses: {
        '200': {
          description: 'Runs.',
          ...json({
            type: 'object',
            properties: { probe: { type: 'string' }, results: { type: 'array', items: ref('ProbeResult') } },
          }),
        },
        '404': errorResponse('No such probe.'),
      },
    }),
  },
  '/api/v1/sli-events': {
    post: protectedOp({
      summary: 'Push SLI events (stored durably, all or nothing)',
      scope: 'write',
      requestBody: {
        required: true,
        description: `At most ${MAX_BODY_BYTES / 1024 / 1024} MiB. A repeated batchId is not counted twice.`,
        ...json(ref('SliEventBatch')),
      },
      responses: {
        '202': {
          description: 'Stored; `duplicate` when the batchId had been stored before.',
          ...json({
            type: 'object',
            properties: { accepted: { type: 'integer' }, duplicate: { type: 'boolean' } },
            required: ['accepted'],
          }),
        },
        '400': errorResponse('Malformed, oversized or invalid batch; `details` names each bad event field.'),
      },
    }),
  },
  '/api/v1/config/reload': {
    post: protectedOp({
      summary: 'Re-read the config directory',
      scope: 'admin',
      responses: {
        '200': {
          description: 'Applied.',
          ...json({
            type: 'object',
            properties: {
              reloaded: { type: 'boolean' },
              rebuilt: { type: 'array', items: { type: 'string' } },
              removed: { type: 'array', items: { type: 'string' } },
            },
          }),
        },
        '422': errorResponse(
          'Invalid config, kept the running one; `details` lists `file:line:col` problems.',
        ),
      },
    }),
  },
  ...pagingPaths,
  ...statusPaths,
  ...incidentPaths,
  ...postmortemPaths,
};

/** The OpenAPI 3.1 description of the HTTP API, served at /api/v1/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Nines API',
    version: '1',
    description:
      'Errors are `{"error":{"code","message","details"?,"requestId"}}` (see docs/errors.md). Every response carries `X-Request-Id`.',
  },
  paths,
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An API token.' },
      queryToken: {
        type: 'apiKey',
        in: 'query',
        name: 'token',
        description: 'An API token in the URL; only the iCalendar export accepts it.',
      },
    },
    schemas: componentSchemas,
  },
  security: [{ bearer: [] }],
} as const;
