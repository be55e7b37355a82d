import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import { NinesError } from '../../core/errors.ts';
import {
  actOnPage,
  findPage,
  listPages,
  listReceivedAlerts,
  type PageAction,
  type PageEventKind,
  pageDetails,
  pageStatuses,
  pageView,
} from '../../paging/index.ts';
import { type ApiRoute, type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import {
  choiceParam,
  idParams,
  limitParam,
  nullableTime,
  queryParam,
  stringMap,
  time,
} from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseChoiceParam, parseLimitParam } from '../params.ts';
import { durationSchema, idParam, readBody } from './body.ts';

const snoozeSchema = z.object({ duration: durationSchema });
const reassignSchema = z.object({ person: z.string().min(1) });

/** The body of each action, read into what `actOnPage` takes. */
const actions: Record<string, (request: Request) => Promise<PageAction>> = {
  ack: async () => ({ action: 'ack' }),
  resolve: async () => ({ action: 'resolve' }),
  snooze: async (request) => {
    const body = await readBody(request, snoozeSchema, 'a snooze ({"duration":"30m"})');
    return { action: 'snooze', durationMs: body.duration };
  },
  reassign: async (request) => {
    const body = await readBody(request, reassignSchema, 'a reassignment ({"person":"name"})');
    return { action: 'reassign', person: body.person };
  },
};

const severity = z.enum(['P0', 'P1', 'P2', 'P3', 'P4']);

const pageEventKinds = [
  'triggered',
  'alert_attached',
  'dependent_alert_attached',
  'alert_resolved',
  'escalated',
  'escalation_exhausted',
  'acknowledged',
  'resolved',
  'snoozed',
  'snooze_ended',
  'reassigned',
  'reopened',
  'delivery_sent',
  'delivery_failed',
  'no_escalation_policy',
  'severity_raised',
  'unreachable',
  'fallback_unavailable',
] as const satisfies readonly PageEventKind[];
const receivedAlertStatuses = ['firing', 'resolved', 'acknowledged'] as const;

/** A page as the API shows it. */
export const pageSchema = z
  .object({
    id: z.int(),
    status: z.enum(pageStatuses),
    severity,
    service: z.string().nullable(),
    team: z.string().nullable(),
    summary: z.string(),
    escalationPolicy: z.string().nullable(),
    level: z
      .int()
      .openapi({ description: 'The last escalation level notified (1-based; 0 before the first).' }),
    assignee: z.string().nullable().openapi({ description: 'Set by a reassignment.' }),
    upstreamPageId: z.int().nullable(),
    createdAt: time,
    acknowledgedAt: nullableTime,
    acknowledgedBy: z.string().nullable(),
    resolvedAt: nullableTime,
    resolvedBy: z.string().nullable(),
    snoozedUntil: nullableTime,
    nextActionAt: nullableTime,
  })
  .openapi('Page');

const pageAlertSchema = z
  .object({
    id: z.int(),
    source: z.enum(['slo', 'alertmanager', 'pagerduty', 'rollout']),
    integration: z.string().nullable(),
    fingerprint: z.string(),
    status: z.enum(receivedAlertStatuses),
    severity,
    service: z.string().nullable(),
    summary: z.string(),
    labels: stringMap,
    annotations: stringMap,
    startsAt: time,
    endsAt: nullableTime,
    firstSeenAt: time,
    lastSeenAt: time,
    pageId: z.int().nullable(),
    suppressedBy: z
      .string()
      .nullable()
      .openapi({ description: 'Why it did not page on its own (silence:, dependency:, flapping).' }),
  })
  .openapi('PageAlert');

const deliverySchema = z
  .object({
    id: z.int(),
    recipient: z.string().openapi({ description: '`person:NAME` or `team:NAME`.' }),
    channel: z.enum(['email', 'slack', 'webhook']),
    contact: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('email'), address: z.string() }),
        z.object({ kind: z.enum(['slack', 'webhook']), host: z.string().nullable() }),
      ])
      .openapi({
        description:
          'Where it went, without secrets: an e-mail address, or only the host of a chat or webhook URL.',
      }),
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.int(),
    lastError: z.string().nullable(),
    createdAt: time,
    sentAt: nullableTime,
  })
  .openapi('Delivery');

const pageDetailSchema = pageSchema
  .extend({
    alerts: z.array(pageAlertSchema),
    events: z
      .array(
        z.object({
          at: time,
          kind: z.enum(pageEventKinds),
          actor: z.string(),
          details: z.record(z.string(), z.unknown()),
        }),
      )
      .openapi({ description: 'The escalation history, oldest first.' }),
    deliveries: z.array(deliverySchema),
  })
  .openapi('PageDetail');

const pageActionDocs: Record<string, { summary: string; description: string; body?: ApiRoute['body'] }> = {
  ack: { summary: 'Acknowledge a page', description: 'Stops the escalation.' },
  resolve: { summary: 'Resolve a page', description: 'Resolving a resolved page is a conflict.' },
  snooze: {
    summary: 'Snooze a page',
    description:
      'Acknowledges it until `duration` (1m to 7d) has passed, then it triggers again from the first level.',
    body: { schema: snoozeSchema },
  },
  reassign: {
    summary: 'Reassign a page',
    description: 'Notifies the person now and restarts the acknowledgement timer.',
    body: { schema: reassignSchema },
  },
};

function pageActionRoute(name: string) {
  const { summary, description, body } = pageActionDocs[name] as (typeof pageActionDocs)[string];
  return {
    method: 'post',
    path: `/pages/{id}/${name}`,
    summary,
    description: `${description} The page's history records the token's Person as the actor (the token's name when it has none).`,
    scope: 'write',
    params: idParams('Page'),
    ...(body ? { body } : {}),
    responses: {
      200: json('The page after the action.', pageSchema),
      400: failure('Bad body.'),
      404: failure('No such page.'),
      409: failure('The page is not in a state that allows this (`conflict`).'),
    },
  } as const;
}

const listRoute = {
  method: 'get',
  path: '/pages',
  summary: 'Pages, newest first',
  scope: 'read',
  query: z.object({
    status: choiceParam('Only pages in this status.', pageStatuses),
    service: queryParam('Only pages of this service.'),
    limit: limitParam(),
  }),
  responses: {
    200: json('Pages.', z.object({ pages: z.array(pageSchema) })),
    400: failure('Bad filter.'),
  },
} as const;

const receivedRoute = {
  method: 'get',
  path: '/received-alerts',
  summary: 'Alerts as received by the intake, most recently seen first, with why each did or did not page',
  scope: 'read',
  query: z.object({
    status: choiceParam('Only alerts in this state.', receivedAlertStatuses),
    service: queryParam('Only alerts routed to this service.'),
    suppressed: choiceParam('true: only alerts a silence, severity, dependency or flapping held back.', [
      'true',
      'false',
    ]),
    limit: limitParam(),
  }),
  responses: {
    200: json('Alerts.', z.object({ alerts: z.array(pageAlertSchema) })),
    400: failure('Bad filter.'),
  },
} as const;

const oneRoute = {
  method: 'get',
  path: '/pages/{id}',
  summary: 'One page with its alerts, escalation history and deliveries',
  scope: 'read',
  params: idParams('Page'),
  responses: { 200: json('The page.', pageDetailSchema), 404: failure('No such page.') },
} as const;

/** GET /pages, GET /pages/:id (with alerts, history and deliveries), POST /pages/:id/ack|resolve|snooze|reassign. */
export function pageRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, listRoute, async (c) => {
    const rows = await listPages(ctx.db, {
      status: parseChoiceParam('status', c.req.query('status'), pageStatuses),
      service: c.req.query('service') || undefined,
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    });
    return c.json({ pages: rows.map(pageView) });
  });
  addRoute(routes, receivedRoute, async (c) => {
    const suppressed = parseChoiceParam('suppressed', c.req.query('suppressed'), ['true', 'false'] as const);
    const alerts = await listReceivedAlerts(ctx.db, {
      status: parseChoiceParam('status', c.req.query('status'), [
        'firing',
        'resolved',
        'acknowledged',
      ] as const),
      service: c.req.query('service') || undefined,
      suppressed: suppressed === undefined ? undefined : suppressed === 'true',
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    });
    return c.json({ alerts });
  });
  addRoute(routes, oneRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'page');
    const row = await findPage(ctx.db, id);
    if (!row) throw new NinesError('not_found', `no page ${id}`);
    return c.json({ ...pageView(row), ...(await pageDetails(ctx.db, id, ctx.env)) });
  });
  for (const [name, readAction] of Object.entries(actions)) {
    addRoute(routes, pageActionRoute(name), async (c) => {
      const pageId = idParam(c.req.param('id'), 'page');
      const input = await readAction(c.req.raw);
      // The page's history records who acted: it is the audit trail of page actions.
      const page = await actOnPage({ ctx, pageId, input, actor: actorOf(c.get('identity')) });
      return c.json(pageView(page));
    });
  }
  return routes;
}
