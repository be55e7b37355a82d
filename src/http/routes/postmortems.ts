import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import {
  actionItemInputSchema,
  actionItemsOf,
  actionItemView,
  createActionItem,
  createPostmortem,
  loadPostmortem,
  postmortemMarkdown,
  postmortemPatchSchema,
  postmortemStatuses,
  postmortemSummaryView,
  postmortemView,
  searchPostmortems,
  updatePostmortem,
} from '../../postmortems/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { choiceParam, idParams, limitParam, queryParam } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseChoiceParam, parseLimitParam } from '../params.ts';
import { idParam, readBody } from './body.ts';
import { actionItemSchema, postmortemSchema, summarySchema } from './postmortem-schemas.ts';

const postmortemParams = idParams('Postmortem');
const badBody = failure('Bad body (`invalid_input`), every problem with its path.');
const noPostmortem = failure('No such postmortem.');

const searchRoute = {
  method: 'get',
  path: '/postmortems',
  summary: 'Search postmortems',
  scope: 'read',
  query: z.object({
    service: queryParam('Only postmortems of this service.'),
    tag: queryParam('Only postmortems with this tag.'),
    failureMode: queryParam('Only postmortems with this failure mode.'),
    q: queryParam('Case-insensitive text in the title or the document.'),
    status: choiceParam('Only postmortems in this status.', postmortemStatuses),
    limit: limitParam(),
  }),
  responses: {
    200: json('Newest first.', z.object({ postmortems: z.array(summarySchema) })),
    400: failure('Bad `status` or `limit`.'),
  },
} as const;

const showRoute = {
  method: 'get',
  path: '/postmortems/{id}',
  summary: 'One postmortem with its action items',
  scope: 'read',
  params: postmortemParams,
  query: z.object({
    format: choiceParam('`markdown` for the template as Markdown.', ['json', 'markdown']),
  }),
  responses: {
    200: {
      description: 'The postmortem.',
      content: {
        'application/json': { schema: postmortemSchema },
        'text/markdown': { schema: { type: 'string' } },
      },
    },
    400: failure('Bad `format`.'),
    404: noPostmortem,
  },
} as const;

const editRoute = {
  method: 'patch',
  path: '/postmortems/{id}',
  summary: 'Edit a postmortem',
  description:
    'Sections, title, authors, tags, failure modes and status (draft → in_review → final; final → in_review with a `reason`). `version` must be the current one. Audited.',
  scope: 'write',
  params: postmortemParams,
  body: { schema: postmortemPatchSchema },
  responses: {
    200: json('The postmortem after the edit.', postmortemSchema),
    400: badBody,
    404: noPostmortem,
    409: failure(
      'Stale `version` (the message names the current one), or a refused status change (`conflict`).',
    ),
  },
} as const;

const draftRoute = {
  method: 'post',
  path: '/incidents/{id}/postmortem',
  summary: "Draft an incident's postmortem on demand",
  description: 'One per incident: returns the existing one (200) or drafts it (201), required or not.',
  scope: 'write',
  params: idParams('Incident'),
  responses: {
    200: json('The incident already had this postmortem.', postmortemSchema),
    201: json('Drafted.', postmortemSchema),
    404: failure('No such incident.'),
  },
} as const;

const addItemRoute = {
  method: 'post',
  path: '/postmortems/{id}/action-items',
  summary: 'Add an action item',
  description:
    '`owner` must be a person of the config (not a team); `due` is a date (end of that day, UTC) or RFC 3339.',
  scope: 'write',
  params: postmortemParams,
  body: { schema: actionItemInputSchema },
  responses: { 201: json('The action item.', actionItemSchema), 400: badBody, 404: noPostmortem },
} as const;

/**
 * GET /postmortems (search), GET|PATCH /postmortems/{id} (JSON, or Markdown with `?format=markdown`),
 * POST /incidents/{id}/postmortem (on demand) and POST /postmortems/{id}/action-items.
 */
export function postmortemRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, searchRoute, async (c) => {
    const rows = await searchPostmortems(ctx.db, {
      service: c.req.query('service') || undefined,
      tag: c.req.query('tag') || undefined,
      failureMode: c.req.query('failureMode') || undefined,
      q: c.req.query('q') || undefined,
      status: parseChoiceParam('status', c.req.query('status'), postmortemStatuses),
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    });
    return c.json({ postmortems: rows.map(postmortemSummaryView) });
  });
  addRoute(routes, showRoute, async (c) => {
    const format = parseChoiceParam('format', c.req.query('format'), ['json', 'markdown'] as const);
    const row = await loadPostmortem(ctx.db, idParam(c.req.param('id'), 'postmortem'));
    const items = await actionItemsOf(ctx.db, row.id);
    if (format === 'markdown') {
      return c.body(postmortemMarkdown(row, items), 200, { 'content-type': 'text/markdown; charset=utf-8' });
    }
    return c.json(postmortemView(row, items, ctx.clock.now()));
  });
  addRoute(routes, editRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'postmortem');
    const patch = await readBody(c.req.raw, postmortemPatchSchema, 'a postmortem edit ({"version":1,...})');
    const row = await updatePostmortem({ ctx, id, patch, actor: actorOf(c.get('identity')) });
    return c.json(postmortemView(row, await actionItemsOf(ctx.db, id), ctx.clock.now()));
  });
  addRoute(routes, draftRoute, async (c) => {
    const incidentId = idParam(c.req.param('id'), 'incident');
    const { postmortem, created } = await createPostmortem({
      ctx,
      incidentId,
      actor: actorOf(c.get('identity')),
    });
    const items = await actionItemsOf(ctx.db, postmortem.id);
    return c.json(postmortemView(postmortem, items, ctx.clock.now()), created ? 201 : 200);
  });
  addRoute(routes, addItemRoute, async (c) => {
    const postmortemId = idParam(c.req.param('id'), 'postmortem');
    const input = await readBody(
      c.req.raw,
      actionItemInputSchema,
      'an action item ({"title","owner","due","priority","trackerUrl"?})',
    );
    const item = await createActionItem({ ctx, postmortemId, input, actor: actorOf(c.get('identity')) });
    return c.json(actionItemView(item, ctx.clock.now()), 201);
  });
  return routes;
}
