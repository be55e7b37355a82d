import { Hono } from 'hono';
import { z } from 'zod';
import { NinesError } from '../../core/errors.ts';
import {
  actOnPage,
  findPage,
  listPages,
  listReceivedAlerts,
  type PageAction,
  pageDetails,
  pageStatuses,
  pageView,
} from '../../paging/index.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
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

/** GET /pages, GET /pages/:id (with alerts, history and deliveries), POST /pages/:id/ack|resolve|snooze|reassign. */
export function pageRoutes(deps: AppDeps): Hono<AppEnv> {
  const { ctx } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/pages', async (c) => {
    const rows = await listPages(ctx.db, {
      status: parseChoiceParam('status', c.req.query('status'), pageStatuses),
      service: c.req.query('service') || undefined,
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    });
    return c.json({ pages: rows.map(pageView) });
  });
  routes.get('/received-alerts', async (c) => {
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
  routes.get('/pages/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'page');
    const row = await findPage(ctx.db, id);
    if (!row) throw new NinesError('not_found', `no page ${id}`);
    return c.json({ ...pageView(row), ...(await pageDetails(ctx.db, id, ctx.env)) });
  });
  for (const [name, readAction] of Object.entries(actions)) {
    routes.post(`/pages/:id/${name}`, requireScope('write'), async (c) => {
      const pageId = idParam(c.req.param('id'), 'page');
      const input = await readAction(c.req.raw);
      // The page's history records who acted: it is the audit trail of page actions.
      const page = await actOnPage({ ctx, pageId, input, actor: c.get('identity').name });
      return c.json(pageView(page));
    });
  }
  return routes;
}
