import { Hono } from 'hono';
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
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { parseChoiceParam, parseLimitParam } from '../params.ts';
import { idParam, readBody } from './body.ts';

/**
 * GET /postmortems (search), GET|PATCH /postmortems/{id} (JSON, or Markdown with `?format=markdown`),
 * POST /incidents/{id}/postmortem (on demand) and POST /postmortems/{id}/action-items.
 */
export function postmortemRoutes(deps: AppDeps): Hono<AppEnv> {
  const { ctx } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/postmortems', async (c) => {
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
  routes.get('/postmortems/:id', async (c) => {
    const format = parseChoiceParam('format', c.req.query('format'), ['json', 'markdown'] as const);
    const row = await loadPostmortem(ctx.db, idParam(c.req.param('id'), 'postmortem'));
    const items = await actionItemsOf(ctx.db, row.id);
    if (format === 'markdown') {
      return c.body(postmortemMarkdown(row, items), 200, { 'content-type': 'text/markdown; charset=utf-8' });
    }
    return c.json(postmortemView(row, items, ctx.clock.now()));
  });
  routes.patch('/postmortems/:id', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'postmortem');
    const patch = await readBody(c.req.raw, postmortemPatchSchema, 'a postmortem edit ({"version":1,...})');
    const row = await updatePostmortem({ ctx, id, patch, actor: c.get('identity').name });
    return c.json(postmortemView(row, await actionItemsOf(ctx.db, id), ctx.clock.now()));
  });
  routes.post('/incidents/:id/postmortem', requireScope('write'), async (c) => {
    const incidentId = idParam(c.req.param('id'), 'incident');
    const { postmortem, created } = await createPostmortem({
      ctx,
      incidentId,
      actor: c.get('identity').name,
    });
    const items = await actionItemsOf(ctx.db, postmortem.id);
    return c.json(postmortemView(postmortem, items, ctx.clock.now()), created ? 201 : 200);
  });
  routes.post('/postmortems/:id/action-items', requireScope('write'), async (c) => {
    const postmortemId = idParam(c.req.param('id'), 'postmortem');
    const input = await readBody(
      c.req.raw,
      actionItemInputSchema,
      'an action item ({"title","owner","due","priority","trackerUrl"?})',
    );
    const item = await createActionItem({ ctx, postmortemId, input, actor: c.get('identity').name });
    return c.json(actionItemView(item, ctx.clock.now()), 201);
  });
  return routes;
}
