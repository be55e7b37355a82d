import { Hono } from 'hono';
import { DAY_MS } from '../../core/duration.ts';
import {
  actionItemPatchSchema,
  actionItemStatuses,
  actionItemView,
  listActionItems,
  loadCompletionReport,
  updateActionItem,
} from '../../postmortems/index.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { parseChoiceParam, parseLimitParam } from '../params.ts';
import { idParam, readBody } from './body.ts';
import { reportRange } from './reports.ts';

/** Without `from`, the completion report covers the 90 days before `to`. */
export const DEFAULT_ACTION_ITEM_RANGE_MS = 90 * DAY_MS;
/** At most 400 days: a year of follow-up, with room for partial months. */
export const MAX_ACTION_ITEM_RANGE_MS = 400 * DAY_MS;

/** GET /action-items, PATCH /action-items/{id} and GET /reports/action-items (completion per team). */
export function actionItemRoutes(deps: AppDeps): Hono<AppEnv> {
  const { ctx } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/action-items', async (c) => {
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
  routes.patch('/action-items/:id', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'action item');
    const patch = await readBody(c.req.raw, actionItemPatchSchema, 'an action item edit');
    const row = await updateActionItem({ ctx, id, patch, actor: c.get('identity').name });
    return c.json(actionItemView(row, ctx.clock.now()));
  });
  routes.get('/reports/action-items', async (c) => {
    const nowMs = ctx.clock.now();
    const { fromMs, toMs } = reportRange({ from: c.req.query('from'), to: c.req.query('to') }, nowMs, {
      defaultMs: DEFAULT_ACTION_ITEM_RANGE_MS,
      maxMs: MAX_ACTION_ITEM_RANGE_MS,
    });
    return c.json(await loadCompletionReport({ db: ctx.db, model: ctx.engine.model, fromMs, toMs, nowMs }));
  });
  return routes;
}
