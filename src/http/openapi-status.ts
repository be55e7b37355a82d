import { componentStatuses, MAX_MAINTENANCE_MS, UPTIME_DAYS } from '../status-page/index.ts';
import {
  errorResponse,
  json,
  nameParam,
  pathParam,
  protectedOp,
  publicOp,
  query,
  type Schema,
} from './openapi-ops.ts';

const str = { type: 'string' };
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const status = { type: 'string', enum: [...componentStatuses] };
const updateStatus = { type: 'string', enum: ['investigating', 'identified', 'monitoring', 'resolved'] };
const strings = { type: 'array', items: str };

function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
  };
}

const uptimeDay = object({
  date: { type: 'string', format: 'date', description: 'UTC day.' },
  uptimePercent: { type: ['number', 'null'], description: 'null: no data that day (never 100).' },
  worst: { type: ['string', 'null'], enum: ['up', 'partial', 'down', null], description: 'Worst minute.' },
});

const publicIncident = object({
  id: { type: 'integer' },
  title: str,
  status: updateStatus,
  components: { ...strings, description: 'Display names of affected components.' },
  startedAt: time,
  resolvedAt: nullableTime,
  updates: {
    type: 'array',
    items: object({ status: updateStatus, message: str, at: time }),
    description: 'Newest first.',
  },
});

const publicStatus = object(
  {
    title: str,
    description: str,
    status: object({ indicator: status, description: str }),
    components: {
      type: 'array',
      items: object(
        {
          displayName: str,
          description: str,
          group: str,
          status,
          statusLabel: str,
          uptime: object({
            totalPercent: { type: ['number', 'null'] },
            days: {
              type: 'array',
              items: uptimeDay,
              description: `${UPTIME_DAYS} days, oldest first, today last.`,
            },
          }),
        },
        ['description', 'group'],
      ),
    },
    incidents: object({
      active: { type: 'array', items: publicIncident },
      past: { type: 'array', items: publicIncident, description: 'Resolved in the last 7 days.' },
    }),
    maintenances: {
      type: 'array',
      items: object({
        id: { type: 'integer' },
        title: str,
        description: str,
        components: strings,
        start: time,
        end: time,
        inProgress: { type: 'boolean' },
      }),
    },
    stale: { type: 'boolean', const: true, description: 'Only on a stale snapshot (storage unavailable).' },
    lastUpdated: { ...time, description: 'Only on a stale snapshot: when it was built.' },
  },
  ['description', 'stale', 'lastUpdated'],
);

const componentView = object({
  name: str,
  displayName: str,
  group: { type: ['string', 'null'] },
  services: strings,
  status,
  derived: {
    ...status,
    description: 'What incidents, burn alerts and maintenance say, ignoring the override.',
  },
  override: {
    oneOf: [object({ status, reason: str, setBy: str, setAt: time, until: nullableTime }), { type: 'null' }],
  },
});

const maintenanceView = object({
  id: { type: 'integer' },
  title: str,
  description: str,
  components: strings,
  start: time,
  end: time,
  state: { type: 'string', enum: ['scheduled', 'in_progress', 'completed', 'cancelled'] },
  createdBy: str,
  createdAt: time,
  cancelledAt: nullableTime,
});

const cached = {
  headers: {
    ETag: { schema: str, description: 'Hash of the body; send it back as If-None-Match for a 304.' },
    'Cache-Control': { schema: str, description: '`public, max-age=30`.' },
    'X-Nines-Stale': {
      schema: str,
      description: '`true` when storage is down and the last good snapshot is served.',
    },
  },
};
const publicResponses = (description: string, content: Schema) => ({
  '200': { description, ...cached, ...content },
  '304': { description: 'Unchanged since the ETag sent in If-None-Match.' },
  '503': { description: 'Storage unavailable and no snapshot was ever built.' },
});
const text = (type: string) => ({ content: { [type]: { schema: str } } });
const componentName = { ...nameParam('Status page component'), description: 'Status page component name.' };

/** The public status page and its admin API. */
export const statusPaths = {
  '/status': {
    get: publicOp('Public status page (HTML, no script)', publicResponses('The page.', text('text/html'))),
  },
  '/status.json': {
    get: publicOp('Public status as JSON', publicResponses('What the page shows.', json(publicStatus))),
  },
  '/status/feed.atom': {
    get: publicOp(
      'Public status updates and maintenance as Atom 1.0',
      publicResponses(
        'One entry per public update and per maintenance, newest first.',
        text('application/atom+xml'),
      ),
    ),
  },
  '/api/v1/status/components': {
    get: protectedOp({
      summary: 'Status page components with derived status, override and services',
      scope: 'read',
      responses: {
        '200': {
          description: 'Components.',
          ...json(object({ components: { type: 'array', items: componentView } })),
        },
      },
    }),
  },
  '/api/v1/status/components/{name}/override': {
    put: protectedOp({
      summary: 'Set a component’s status by hand',
      scope: 'write',
      description: 'Replaces the derived status until `until` (RFC 3339) or until deleted. Audited.',
      parameters: [componentName],
      requestBody: {
        required: true,
        ...json(object({ status, reason: str, until: time }, ['reason', 'until'])),
      },
      responses: {
        '200': { description: 'The component.', ...json(componentView) },
        '400': errorResponse('Bad status or `until` not in the future.'),
        '404': errorResponse('No such component.'),
      },
    }),
    delete: protectedOp({
      summary: 'Clear a component’s manual status',
      scope: 'write',
      description: 'Audited.',
      parameters: [componentName],
      responses: {
        '200': { description: 'The component.', ...json(componentView) },
        '404': errorResponse('No such component, or it has no override.'),
      },
    }),
  },
  '/api/v1/maintenances': {
    get: protectedOp({
      summary: 'Maintenance windows, latest start first',
      scope: 'read',
      parameters: [
        query('limit', 'At most this many (default 100).', { type: 'integer', minimum: 1, maximum: 1000 }),
      ],
      responses: {
        '200': {
          description: 'Maintenances.',
          ...json(object({ maintenances: { type: 'array', items: maintenanceView } })),
        },
      },
    }),
    post: protectedOp({
      summary: 'Schedule maintenance',
      scope: 'write',
      description: `Shown on the status page; the components show under_maintenance while it runs and its minutes are left out of uptime. At most ${MAX_MAINTENANCE_MS / 86_400_000} days; start not in the past. Audited.`,
      requestBody: {
        required: true,
        ...json(
          object({ title: str, description: str, components: strings, start: time, end: time }, [
            'description',
          ]),
        ),
      },
      responses: {
        '201': { description: 'Scheduled.', ...json(maintenanceView) },
        '400': errorResponse('Unknown component, end not after start, too long or in the past (`details`).'),
      },
    }),
  },
  '/api/v1/maintenances/{id}/cancel': {
    post: protectedOp({
      summary: 'Cancel maintenance (one in progress ends now)',
      scope: 'write',
      description: 'Audited.',
      parameters: [pathParam('id', 'Maintenance id.', { type: 'integer' })],
      responses: {
        '200': { description: 'The maintenance, cancelled.', ...json(maintenanceView) },
        '404': errorResponse('No such maintenance.'),
        '409': errorResponse('Already cancelled or over.'),
      },
    }),
  },
};
