import { pageStatuses } from '../paging/index.ts';
import { MAX_BODY_BYTES } from './json-body.ts';
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
import { ref } from './openapi-schemas.ts';
import { MAX_ICAL_WEEKS } from './routes/oncall.ts';
import { MAX_OVERRIDE_MS } from './routes/overrides.ts';

const list = (key: string, item: string) =>
  json({ type: 'object', properties: { [key]: { type: 'array', items: ref(item) } } });
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const limit = query('limit', 'At most this many (default 100).', {
  type: 'integer',
  minimum: 1,
  maximum: 1000,
});
const pageId = pathParam('id', 'Page id.', { type: 'integer' });
const tokenParam = pathParam('token', 'The signed token from the notification.');

function pageAction(summary: string, description: string, body?: Schema) {
  return {
    post: protectedOp({
      summary,
      scope: 'write',
      description: `${description} The page's history records the token's name as the actor.`,
      parameters: [pageId],
      ...(body ? { requestBody: { required: true, ...json(body) } } : {}),
      responses: {
        '200': { description: 'The page after the action.', ...json(ref('Page')) },
        '400': errorResponse('Bad body.'),
        '404': errorResponse('No such page.'),
        '409': errorResponse('The page is not in a state that allows this (`conflict`).'),
      },
    }),
  };
}

const ackLinkRejections = {
  '400': html('The link is malformed or expired.'),
  '403': html('The link was not signed by this server.'),
  '404': html('The page no longer exists.'),
};

/** Alert intake, pages, on-call, overrides and silences. */
export const pagingPaths = {
  '/api/v1/integrations/alertmanager': {
    post: protectedOp({
      summary: 'Alertmanager webhook (payload version 4)',
      scope: 'write',
      description:
        'Point a `webhook_configs` receiver here with `http_config.authorization.credentials` set to the token. Re-sent alerts update, never duplicate; alerts of one group share one page; `status: resolved` resolves.',
      parameters: [
        query(
          'integration',
          'A configured Integration of kind alertmanager whose labels and service apply. Default: alerts are stored under the integration name `alertmanager`.',
        ),
      ],
      requestBody: {
        required: true,
        description: `At most ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
        ...json(ref('AlertmanagerWebhook')),
      },
      responses: {
        '200': {
          description: 'Every alert stored; what happened to each.',
          ...json({
            type: 'object',
            properties: {
              received: { type: 'integer' },
              outcomes: { type: 'array', items: ref('AlertOutcome') },
            },
          }),
        },
        '400': errorResponse(
          'Malformed payload (nothing stored; `details` names each problem) or unknown `integration`.',
        ),
      },
    }),
  },
  '/api/v1/integrations/pagerduty/v2/enqueue': {
    post: publicOp(
      'PagerDuty Events API v2',
      {
        '202': { description: 'Processed, answered as PagerDuty does.', ...json(ref('PagerDutyAccepted')) },
        '400': {
          description:
            'Malformed event or unknown `routing_key` (nothing stored), answered as PagerDuty does.',
          ...json(ref('PagerDutyInvalid')),
        },
      },
      {
        description:
          'No API token: the `routing_key` (a configured Integration of kind pagerduty) is the credential. acknowledge and resolve name a triggered alert by `dedup_key`; an unknown one changes nothing.',
        requestBody: { required: true, ...json(ref('PagerDutyEvent')) },
      },
    ),
  },
  '/api/v1/pages': {
    get: protectedOp({
      summary: 'Pages, newest first',
      scope: 'read',
      parameters: [
        query('status', 'Only pages in this status.', { type: 'string', enum: [...pageStatuses] }),
        query('service', 'Only pages of this service.'),
        limit,
      ],
      responses: {
        '200': { description: 'Pages.', ...list('pages', 'Page') },
        '400': errorResponse('Bad filter.'),
      },
    }),
  },
  '/api/v1/received-alerts': {
    get: protectedOp({
      summary:
        'Alerts as received by the intake, most recently seen first, with why each did or did not page',
      scope: 'read',
      parameters: [
        query('status', 'Only alerts in this state.', {
          type: 'string',
          enum: ['firing', 'resolved', 'acknowledged'],
        }),
        query('service', 'Only alerts routed to this service.'),
        query('suppressed', 'true: only alerts a silence, severity, dependency or flapping held back.', {
          type: 'string',
          enum: ['true', 'false'],
        }),
        limit,
      ],
      responses: {
        '200': { description: 'Alerts.', ...list('alerts', 'PageAlert') },
        '400': errorResponse('Bad filter.'),
      },
    }),
  },
  '/api/v1/pages/{id}': {
    get: protectedOp({
      summary: 'One page with its alerts, escalation history and deliveries',
      scope: 'read',
      parameters: [pageId],
      responses: {
        '200': { description: 'The page.', ...json(ref('PageDetail')) },
        '404': errorResponse('No such page.'),
      },
    }),
  },
  '/api/v1/pages/{id}/ack': pageAction('Acknowledge a page', 'Stops the escalation.'),
  '/api/v1/pages/{id}/resolve': pageAction('Resolve a page', 'Resolving a resolved page is a conflict.'),
  '/api/v1/pages/{id}/snooze': pageAction(
    'Snooze a page',
    'Acknowledges it until `duration` (1m to 7d) has passed, then it triggers again from the first level.',
    {
      type: 'object',
      properties: { duration: { type: 'string', examples: ['30m'] } },
      required: ['duration'],
    },
  ),
  '/api/v1/pages/{id}/reassign': pageAction(
    'Reassign a page',
    'Notifies the person now and restarts the acknowledgement timer.',
    { type: 'object', properties: { person: { type: 'string' } }, required: ['person'] },
  ),
  '/ack/{token}': {
    get: publicOp(
      'The page an acknowledgement link names, with an Acknowledge button',
      { '200': html('The page; changes nothing (mail scanners open links).'), ...ackLinkRejections },
      { description: 'The signed, expiring token is the credential.', parameters: [tokenParam] },
    ),
    post: publicOp(
      'Acknowledge the page an acknowledgement link names',
      { '200': html('Acknowledged, or already acknowledged or resolved.'), ...ackLinkRejections },
      { description: 'The signed, expiring token is the credential.', parameters: [tokenParam] },
    ),
  },
  '/api/v1/oncall': {
    get: protectedOp({
      summary: 'Who is on call for every schedule',
      scope: 'read',
      parameters: [query('at', 'Instant, RFC 3339 or epoch ms. Default: now.')],
      responses: {
        '200': {
          description:
            'One entry per schedule (person null when nobody is); `until` null when beyond a year.',
          ...json({
            type: 'object',
            properties: {
              at: { type: 'string', format: 'date-time' },
              oncall: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    schedule: { type: 'string' },
                    person: { type: ['string', 'null'] },
                    layer: { type: ['string', 'null'], description: 'Layer name, or `override`.' },
                    until: { type: ['string', 'null'], format: 'date-time' },
                  },
                },
              },
            },
          }),
        },
        '400': errorResponse('Bad `at`.'),
      },
    }),
  },
  '/api/v1/schedules/{name}/ical': {
    get: {
      ...protectedOp({
        summary: 'The final schedule (rotations and overrides) as iCalendar',
        scope: 'read',
        description:
          'Calendar apps cannot send headers, so this route alone also accepts the token as `?token=`; use a read-only token, as URLs end up in logs.',
        parameters: [
          nameParam('Schedule'),
          query('weeks', `Weeks from now (default 4, at most ${MAX_ICAL_WEEKS}).`, {
            type: 'integer',
            minimum: 1,
            maximum: MAX_ICAL_WEEKS,
          }),
          query('token', 'An API token with `read`, instead of the Authorization header.'),
        ],
        responses: {
          '200': { description: 'RFC 5545.', content: { 'text/calendar': { schema: { type: 'string' } } } },
          '400': errorResponse('Bad `weeks`.'),
          '404': errorResponse('No such schedule.'),
        },
      }),
      security: [{ bearer: [] }, { queryToken: [] }],
    },
  },
  '/api/v1/schedules/{name}/overrides': {
    get: protectedOp({
      summary: 'Overrides of a schedule that have not ended',
      scope: 'read',
      parameters: [nameParam('Schedule')],
      responses: {
        '200': {
          description: 'By start.',
          ...json({
            type: 'object',
            properties: {
              schedule: { type: 'string' },
              overrides: { type: 'array', items: ref('ScheduleOverride') },
            },
          }),
        },
        '404': errorResponse('No such schedule.'),
      },
    }),
    post: protectedOp({
      summary: 'Have a person cover a schedule for a time range',
      scope: 'write',
      description:
        'Overrides win over every layer; of two overlapping ones, the later-created wins. Audited.',
      parameters: [nameParam('Schedule')],
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          properties: {
            person: { type: 'string', description: 'A configured Person.' },
            start: { type: ['string', 'integer'], description: 'RFC 3339 or epoch ms.' },
            end: {
              type: ['string', 'integer'],
              description: `After start, at most ${MAX_OVERRIDE_MS / 86_400_000} days later.`,
            },
          },
          required: ['person', 'start', 'end'],
        }),
      },
      responses: {
        '201': { description: 'Created.', ...json(ref('ScheduleOverride')) },
        '400': errorResponse('Unknown person, or a bad time range.'),
        '404': errorResponse('No such schedule.'),
      },
    }),
  },
  '/api/v1/schedules/{name}/overrides/{id}': {
    delete: protectedOp({
      summary: 'Delete an override',
      scope: 'write',
      description: 'Audited.',
      parameters: [nameParam('Schedule'), pathParam('id', 'Override id.')],
      responses: {
        '200': { description: 'The deleted override.', ...json(ref('ScheduleOverride')) },
        '404': errorResponse('No such live override on this schedule.'),
      },
    }),
  },
  '/api/v1/silences': {
    get: protectedOp({
      summary: 'Silences from config and from the API, each with whether it is active now',
      scope: 'read',
      parameters: [query('limit', 'At most this many API silences, newest first (default 100).')],
      responses: { '200': { description: 'Silences.', ...list('silences', 'Silence') } },
    }),
    post: protectedOp({
      summary: 'Silence matching alerts for a time range',
      scope: 'write',
      description:
        'Matching alerts are recorded with the silence as the reason, never paged. Give `end` or `duration`. Audited.',
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          properties: {
            matchers: {
              type: 'array',
              items: { type: 'string', examples: ['service="payment"'] },
              minItems: 1,
            },
            start: { type: ['string', 'integer'], description: 'RFC 3339 or epoch ms. Default: now.' },
            end: { type: ['string', 'integer'], description: 'RFC 3339 or epoch ms.' },
            duration: { type: 'string', examples: ['2h'] },
            comment: { type: 'string' },
          },
          required: ['matchers', 'comment'],
        }),
      },
      responses: {
        '201': { description: 'Created.', ...json(ref('Silence')) },
        '400': errorResponse('Bad matcher or time range; `details` names each.'),
      },
    }),
  },
  '/api/v1/silences/{id}': {
    delete: protectedOp({
      summary: 'End an API silence now',
      scope: 'write',
      description: 'Audited.',
      parameters: [pathParam('id', 'Silence id.')],
      responses: {
        '200': { description: 'The silence, ended.', ...json(ref('Silence')) },
        '404': errorResponse('No such silence.'),
        '409': errorResponse('Defined in config (remove it there), or already ended.'),
      },
    }),
  },
};
