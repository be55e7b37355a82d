import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import { DAY_MS } from '../../core/duration.ts';
import {
  actionItemPatchSchema,
  actionItemStatuses,
  actionItemView,
  COMPLETION_TARGET_PERCENT,
  listActionItems,
  loadCompletionReport,
  updateActionItem,
} from '../../postmortems/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { choiceParam, idParams, limitParam, queryParam, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseChoiceParam, parseLimitParam } from '../params.ts';
import { idParam, readBody } from './body.ts';
import { actionItemSchema } from './postmortem-schemas.ts';
import { reportRange } from './reports.ts';

/** Without `from`, the completion report covers the 90 days before `to`. */
export const DEFAULT_ACTION_ITEM_RANGE_MS = 90 * DAY_MS;
/** At most 400 days: a year of follow-up, with room for partial months. */
export const MAX_ACTION_ITEM_RANGE_MS = 400 * DAY_MS;

const figures = {
  created: z.int(),
  done: z.int(),
  doneWithinTarget: z.int(),
  wontDo: z.int(),
  measured: z.int().openapi({ description: 'Items done within target or whose target time is over.' }),
  completionRatePercent: z.number().nullable(),
  openOverdue: z.int(),
};

const listRoute = {
  method: 'get',
  path: '/action-items',
  summary: 'List action items',
  scope: 'read',
  query: z.object({
    status: choiceParam('Only items in this status.', actionItemStatuses),
    owner: queryParam('Only items of this person.'),
    team: queryParam("Only items of this team's members."),
    overdue: choiceParam('`true`: only open or in-progress items past due.', ['true', 'false']),
    limit: limitParam(),
  }),
  responses: {
    200: json('Soonest due first.', z.object({ actionItems: z.array(actionItemSchema) })),
    400: failure('Bad parameter.'),
  },
} as const;

const editRoute = {
  method: 'patch',
  path: '/action-items/{id}',
  summary: 'Edit an action item',
  description:
    'Done stamps `completed`; reopening a done item clears it. `trackerUrl: null` removes the link. Audited.',
  scope: 'write',
  params: idParams('Action item'),
  body: { schema: actionItemPatchSchema },
  responses: {
    200: json('The action item after the edit.', actionItemSchema),
    400: failure('Bad body (`invalid_input`), every problem with its path.'),
    404: failure('No such action item.'),
  },
} as const;

const reportRoute = {
  method: 'get',
  path: '/reports/action-items',
  summary: 'Action item completion per team',
  description:
    'Items created in [from, to): completion within the policy target time (default 30 days) against the 90 % target.',
  scope: 'read',
  query: z.object({
    from: queryParam('Start, RFC 3339 or epoch ms. Default: `to` − 90 days.'),
    to: queryParam('End, RFC 3339 or epoch ms. Default: now.'),
  }),
  responses: {
    200: json(
      'The report.',
      z.object({
        from: time,
        to: time,
        target: z.number().openapi({ description: `Percent (${COMPLETION_TARGET_PERCENT}).` }),
        targetWithin: z.string().openapi({ description: 'Duration, e.g. `30d`.' }),
        overall: z.object(figures),
        teams: z.array(z.object({ team: z.string().nullable(), ...figures })),
      }),
    ),
    400: failure('Bad range (at most 400 days).'),
  },
} as const;

/** GET /action-items, PATCH /action-items/{id} and GET /reports/action-items (completion per team). */
export function actionItemRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, listRoute, async (c) => {
    const nowMs = ctx.clock.now();
    const overdue = parseChoiceParam('overdue', c.req.query('overdue'), ['true', 'false'] as const);
    const rows = await listActionItems(ctx.db, {
      status: parseChoiceParam('status', c.req.query('status'), actionItemStatuses),
      owner: c.req.query('owner') || undefined,
      team: c.req.query('team') || undefined,
      overdue: overdue === 'true',
      nowMs,
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    });
    return c.json({ actionItems: rows.map((row) => actionItemView(row, nowMs)) });
  });
  addRoute(routes, editRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'action item');
    const patch = await readBody(c.req.raw, actionItemPatchSchema, 'an action item edit');
    const row = await updateActionItem({ ctx, id, patch, actor: actorOf(c.get('identity')) });
    return c.json(actionItemView(row, ctx.clock.now()));
  });
  addRoute(routes, reportRoute, async (c) => {
    const nowMs = ctx.clock.now();
    const { fromMs, toMs } = reportRange({ from: c.req.query('from'), to: c.req.query('to') }, nowMs, {
      defaultMs: DEFAULT_ACTION_ITEM_RANGE_MS,
      maxMs: MAX_ACTION_ITEM_RANGE_MS,
    });
    return c.json(await loadCompletionReport({ db: ctx.db, model: ctx.model, fromMs, toMs, nowMs }));
  });
  return routes;
}
