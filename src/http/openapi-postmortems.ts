import { z } from 'zod';
import {
  actionItemInputSchema,
  actionItemPatchSchema,
  actionItemPriorities,
  actionItemStatuses,
  postmortemPatchSchema,
  postmortemStatuses,
} from '../postmortems/index.ts';
import { errorResponse, json, pathParam, protectedOp, query, type Schema } from './openapi-ops.ts';

/** A request body's JSON Schema from the zod schema that validates it (input side: dates are text). */
function body(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Schema;
  return rest;
}

const str = { type: 'string' };
const strings = { type: 'array', items: str };
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const limit = query('limit', 'At most this many (default 100).', {
  type: 'integer',
  minimum: 1,
  maximum: 1000,
});
const id = (what: string) => pathParam('id', `${what} id.`, { type: 'integer' });

const actionItem: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    postmortemId: { type: 'integer' },
    title: str,
    owner: { ...str, description: 'One person, never a team.' },
    team: { type: ['string', 'null'], description: "The owner's team (first team listing them), if any." },
    due: time,
    priority: { type: 'string', enum: [...actionItemPriorities] },
    status: { type: 'string', enum: [...actionItemStatuses] },
    overdue: { type: 'boolean', description: 'Open or in progress and past due now.' },
    trackerUrl: { type: ['string', 'null'] },
    createdAt: time,
    createdBy: str,
    completedAt: nullableTime,
    overdueNotified: { type: 'integer', description: 'Reminders queued to the owner (at most one a day).' },
  },
};
const summary: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    incidentId: { type: 'integer' },
    title: str,
    status: { type: 'string', enum: [...postmortemStatuses] },
    required: { type: 'boolean' },
    requiredReasons: {
      ...strings,
      description: '`severity:SEV2`, `slo_breach:<slo>`, `budget:<slo>:42.0%`, `data_loss`.',
    },
    services: strings,
    tags: strings,
    failureModes: strings,
    createdAt: time,
    updatedAt: time,
    updatedBy: str,
    version: { type: 'integer', description: 'Send it back with an edit (optimistic concurrency).' },
  },
};
const postmortem: Schema = {
  allOf: [
    summary,
    {
      type: 'object',
      properties: {
        document: {
          type: 'object',
          description:
            'Seed 003 §05 template: header (date, authors, severity, durationMs, commander), summary, impact (with `errorBudget` per SLO), timeline, whys, rootCause, contributingFactors, wentWell, couldBeBetter, lessonsLearned.',
        },
        actionItems: { type: 'array', items: actionItem },
      },
    },
  ],
};
const figures = {
  type: 'object',
  properties: {
    created: { type: 'integer' },
    done: { type: 'integer' },
    doneWithinTarget: { type: 'integer' },
    wontDo: { type: 'integer' },
    measured: { type: 'integer', description: 'Items done within target or whose target time is over.' },
    completionRatePercent: { type: ['number', 'null'] },
    openOverdue: { type: 'integer' },
  },
};
const writeErrors = {
  '400': errorResponse('Bad body (`invalid_input`), every problem with its path.'),
};

/** Postmortems, their action items and the completion report. */
export const postmortemPaths = {
  '/api/v1/postmortems': {
    get: protectedOp({
      summary: 'Search postmortems',
      scope: 'read',
      parameters: [
        query('service', 'Only postmortems of this service.'),
        query('tag', 'Only postmortems with this tag.'),
        query('failureMode', 'Only postmortems with this failure mode.'),
        query('q', 'Case-insensitive text in the title or the document.'),
        query('status', 'Only postmortems in this status.', {
          type: 'string',
          enum: [...postmortemStatuses],
        }),
        limit,
      ],
      responses: {
        '200': {
          description: 'Newest first.',
          ...json({ type: 'object', properties: { postmortems: { type: 'array', items: summary } } }),
        },
        '400': errorResponse('Bad `status` or `limit`.'),
      },
    }),
  },
  '/api/v1/postmortems/{id}': {
    get: protectedOp({
      summary: 'One postmortem with its action items',
      scope: 'read',
      parameters: [
        id('Postmortem'),
        query('format', '`markdown` for the template as Markdown.', {
          type: 'string',
          enum: ['json', 'markdown'],
        }),
      ],
      responses: {
        '200': {
          description: 'The postmortem.',
          content: {
            'application/json': { schema: postmortem },
            'text/markdown': { schema: { type: 'string' } },
          },
        },
        '404': errorResponse('No such postmortem.'),
      },
    }),
    patch: protectedOp({
      summary: 'Edit a postmortem',
      scope: 'write',
      description:
        'Sections, title, authors, tags, failure modes and status (draft → in_review → final; final → in_review with a `reason`). `version` must be the current one. Audited.',
      parameters: [id('Postmortem')],
      requestBody: { required: true, ...json(body(postmortemPatchSchema)) },
      responses: {
        '200': { description: 'The postmortem after the edit.', ...json(postmortem) },
        ...writeErrors,
        '404': errorResponse('No such postmortem.'),
        '409': errorResponse(
          'Stale `version` (the message names the current one), or a refused status change (`conflict`).',
        ),
      },
    }),
  },
  '/api/v1/incidents/{id}/postmortem': {
    post: protectedOp({
      summary: "Draft an incident's postmortem on demand",
      scope: 'write',
      description: 'One per incident: returns the existing one (200) or drafts it (201), required or not.',
      parameters: [id('Incident')],
      responses: {
        '200': { description: 'The incident already had this postmortem.', ...json(postmortem) },
        '201': { description: 'Drafted.', ...json(postmortem) },
        '404': errorResponse('No such incident.'),
      },
    }),
  },
  '/api/v1/postmortems/{id}/action-items': {
    post: protectedOp({
      summary: 'Add an action item',
      scope: 'write',
      description:
        '`owner` must be a person of the config (not a team); `due` is a date (end of that day, UTC) or RFC 3339.',
      parameters: [id('Postmortem')],
      requestBody: { required: true, ...json(body(actionItemInputSchema)) },
      responses: {
        '201': { description: 'The action item.', ...json(actionItem) },
        ...writeErrors,
        '404': errorResponse('No such postmortem.'),
      },
    }),
  },
  '/api/v1/action-items': {
    get: protectedOp({
      summary: 'List action items',
      scope: 'read',
      parameters: [
        query('status', 'Only items in this status.', { type: 'string', enum: [...actionItemStatuses] }),
        query('owner', 'Only items of this person.'),
        query('team', "Only items of this team's members."),
        query('overdue', '`true`: only open or in-progress items past due.', {
          type: 'string',
          enum: ['true', 'false'],
        }),
        limit,
      ],
      responses: {
        '200': {
          description: 'Soonest due first.',
          ...json({ type: 'object', properties: { actionItems: { type: 'array', items: actionItem } } }),
        },
        '400': errorResponse('Bad parameter.'),
      },
    }),
  },
  '/api/v1/action-items/{id}': {
    patch: protectedOp({
      summary: 'Edit an action item',
      scope: 'write',
      description:
        'Done stamps `completed`; reopening a done item clears it. `trackerUrl: null` removes the link. Audited.',
      parameters: [id('Action item')],
      requestBody: { required: true, ...json(body(actionItemPatchSchema)) },
      responses: {
        '200': { description: 'The action item after the edit.', ...json(actionItem) },
        ...writeErrors,
        '404': errorResponse('No such action item.'),
      },
    }),
  },
  '/api/v1/reports/action-items': {
    get: protectedOp({
      summary: 'Action item completion per team',
      scope: 'read',
      description:
        'Items created in [from, to): completion within the policy target time (default 30 days) against the 90 % target.',
      parameters: [
        query('from', 'Start, RFC 3339 or epoch ms. Default: `to` − 90 days.'),
        query('to', 'End, RFC 3339 or epoch ms. Default: now.'),
      ],
      responses: {
        '200': {
          description: 'The report.',
          ...json({
            type: 'object',
            properties: {
              from: time,
              to: time,
              target: { type: 'number', description: 'Percent (90).' },
              targetWithin: { ...str, description: 'Duration, e.g. `30d`.' },
              overall: figures,
              teams: {
                type: 'array',
                items: {
                  allOf: [{ type: 'object', properties: { team: { type: ['string', 'null'] } } }, figures],
                },
              },
            },
          }),
        },
        '400': errorResponse('Bad range (at most 400 days).'),
      },
    }),
  },
};
