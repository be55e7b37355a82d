import { z } from 'zod';
import { incidentRoles, incidentSeverities, incidentStatuses } from '../incidents/index.ts';
import { errorResponse, json, pathParam, protectedOp, query, type Schema } from './openapi-ops.ts';
import {
  changesSchema,
  declareSchema,
  linkSchema,
  noteSchema,
  roleSchema,
  statusSchema,
  updateSchema,
} from './routes/incidents.ts';

/** The request body a route validates with `schema`, as JSON Schema (what clients send: before transforms). */
function body(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Schema;
  return rest;
}

const str = { type: 'string' };
const strings = { type: 'array', items: str };
const time = { type: ['string', 'null'], format: 'date-time' };
const severity = { type: 'string', enum: [...incidentSeverities] };
const status = { type: 'string', enum: [...incidentStatuses] };
const incidentId = pathParam('id', 'Incident id.', { type: 'integer' });

const incident: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: str,
    severity,
    status,
    summary: str,
    services: strings,
    blastRadius: {
      ...strings,
      description: 'Services depending, directly or transitively, on an affected one.',
    },
    roles: {
      type: 'object',
      properties: { commander: str, communications: str, operations: str, scribe: str, sme: strings },
    },
    public: { type: 'boolean' },
    publicTitle: { type: ['string', 'null'] },
    dataLoss: { type: 'boolean' },
    tags: strings,
    declaredBy: str,
    startedAt: time,
    detectedAt: time,
    declaredAt: time,
    acknowledgedAt: time,
    identifiedAt: time,
    mitigatedAt: time,
    resolvedAt: time,
    lastUpdateAt: time,
    nextUpdateDueAt: time,
  },
};
const update: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: time,
    status,
    message: str,
    public: { type: 'boolean' },
    postedBy: str,
    dueAt: time,
    onTime: { type: ['boolean', 'null'], description: 'Null when no update was owed.' },
  },
};
const detail: Schema = {
  allOf: [
    incident,
    {
      type: 'object',
      properties: {
        pages: { type: 'array', items: { type: 'object' } },
        updates: { type: 'array', items: update },
        postmortem: {
          type: ['object', 'null'],
          description: 'Its postmortem, once drafted (GET /api/v1/postmortems/{id} has the document).',
          properties: {
            id: { type: 'integer' },
            status: { type: 'string', enum: ['draft', 'in_review', 'final'] },
            required: { type: 'boolean' },
          },
        },
      },
    },
  ],
};

function change(summary: string, description: string, requestSchema: Schema, conflict?: string) {
  return {
    post: protectedOp({
      summary,
      scope: 'write',
      description: `${description} Recorded in the timeline with the token's name as the actor.`,
      parameters: [incidentId],
      requestBody: { required: true, ...json(requestSchema) },
      responses: {
        '200': { description: 'The incident after the change.', ...json(detail) },
        '400': errorResponse('Bad body, unknown person, role or service.'),
        '404': errorResponse('No such incident.'),
        ...(conflict ? { '409': errorResponse(conflict) } : {}),
      },
    }),
  };
}

/** Incidents: declaration, lifecycle, roles, notes, status updates and the append-only timeline. */
export const incidentPaths = {
  '/api/v1/incidents': {
    get: protectedOp({
      summary: 'Incidents, newest first',
      scope: 'read',
      parameters: [
        query('status', '`open` (not resolved) or one status.', {
          type: 'string',
          enum: [...incidentStatuses, 'open'],
        }),
        query('severity', 'Only this severity.', severity),
        query('service', 'Only incidents affecting this service.'),
        query('limit', 'At most this many (default 100).', { type: 'integer', minimum: 1, maximum: 1000 }),
      ],
      responses: {
        '200': {
          description: 'Incidents.',
          ...json({ type: 'object', properties: { incidents: { type: 'array', items: incident } } }),
        },
        '400': errorResponse('Bad filter.'),
      },
    }),
    post: protectedOp({
      summary: 'Declare an incident',
      scope: 'write',
      description:
        'Starts in `investigating`. The blast radius is computed from the catalog. Pages P0/P1 declare incidents on their own per the IncidentPolicy.',
      requestBody: { required: true, ...json(body(declareSchema)) },
      responses: {
        '201': { description: 'The incident.', ...json(detail) },
        '400': errorResponse('Bad body, unknown service or person, times out of order.'),
        '409': errorResponse('A page to link belongs to another incident.'),
      },
    }),
  },
  '/api/v1/incidents/{id}': {
    get: protectedOp({
      summary: 'One incident with its pages and status updates',
      scope: 'read',
      parameters: [incidentId],
      responses: {
        '200': { description: 'The incident.', ...json(detail) },
        '404': errorResponse('No such incident.'),
      },
    }),
    patch: protectedOp({
      summary:
        'Edit an incident (title, summary, severity with reason, services, public fields, data loss, tags)',
      scope: 'write',
      description: 'Each change is a timeline event; a severity change restarts the update cadence.',
      parameters: [incidentId],
      requestBody: { required: true, ...json(body(changesSchema)) },
      responses: {
        '200': { description: 'The incident.', ...json(detail) },
        '400': errorResponse('Bad body or unknown service.'),
        '404': errorResponse('No such incident.'),
      },
    }),
  },
  '/api/v1/incidents/{id}/status': change(
    'Move an incident through its lifecycle',
    'investigating → identified → monitoring → resolved; open statuses may go back. Resolving drafts the postmortem.',
    body(statusSchema),
    'Already in that status, or a resolved incident reopened without `reason`.',
  ),
  '/api/v1/incidents/{id}/roles': change(
    'Assign a role',
    `Roles: ${incidentRoles.join(', ')}; \`sme\` holds several people, the others one (replaced).`,
    body(roleSchema),
  ),
  '/api/v1/incidents/{id}/roles/{role}': {
    delete: protectedOp({
      summary: 'Take a role back',
      scope: 'write',
      parameters: [
        incidentId,
        pathParam('role', 'The role.', { type: 'string', enum: [...incidentRoles] }),
        query('person', 'Which person (required for `sme`).'),
      ],
      responses: {
        '200': { description: 'The incident.', ...json(detail) },
        '400': errorResponse('Unknown role, or no person for `sme`.'),
        '404': errorResponse('No such incident.'),
        '409': errorResponse('The person does not hold the role.'),
      },
    }),
  },
  '/api/v1/incidents/{id}/timeline': {
    get: protectedOp({
      summary: 'The append-only timeline: incident events, linked pages’ history, notifications',
      scope: 'read',
      description:
        'Nothing in it can be edited or deleted; corrections are new entries naming the one they correct.',
      parameters: [incidentId],
      responses: {
        '200': {
          description: 'Entries, oldest first.',
          ...json({
            type: 'object',
            properties: {
              incident: { type: 'integer' },
              timeline: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string', examples: ['incident:12', 'page:40', 'delivery:7'] },
                    at: time,
                    source: { type: 'string', enum: ['incident', 'page', 'delivery'] },
                    kind: str,
                    actor: str,
                    details: { type: 'object' },
                    corrects: { type: ['string', 'null'] },
                  },
                },
              },
            },
          }),
        },
        '404': errorResponse('No such incident.'),
      },
    }),
  },
  '/api/v1/incidents/{id}/notes': {
    post: protectedOp({
      summary: 'Add a note (or a correction of an earlier entry)',
      scope: 'write',
      parameters: [incidentId],
      requestBody: { required: true, ...json(body(noteSchema)) },
      responses: {
        '201': { description: 'The new entry’s id.', ...json({ type: 'object', properties: { id: str } }) },
        '400': errorResponse('Bad body, or `corrects` names no entry of this incident.'),
        '404': errorResponse('No such incident.'),
      },
    }),
  },
  '/api/v1/incidents/{id}/updates': {
    get: protectedOp({
      summary: 'Status updates posted for the incident, oldest first',
      scope: 'read',
      parameters: [incidentId],
      responses: {
        '200': {
          description: 'Updates.',
          ...json({ type: 'object', properties: { updates: { type: 'array', items: update } } }),
        },
        '404': errorResponse('No such incident.'),
      },
    }),
    post: protectedOp({
      summary: 'Post a status update',
      scope: 'write',
      description:
        'Public updates (default) appear on the status page. Records whether it met the cadence, restarts it, and moves the incident to `status` when given.',
      parameters: [incidentId],
      requestBody: { required: true, ...json(body(updateSchema)) },
      responses: {
        '201': { description: 'The update.', ...json(update) },
        '400': errorResponse('Bad body.'),
        '404': errorResponse('No such incident.'),
        '409': errorResponse('The incident is resolved, or the status change is not allowed.'),
      },
    }),
  },
  '/api/v1/incidents/{id}/pages': change(
    'Link a page (and its alerts) to the incident',
    'A page belongs to one incident at most.',
    body(linkSchema),
    'The page belongs to another incident.',
  ),
};
