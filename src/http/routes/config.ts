import { Hono } from 'hono';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../deps.ts';

/** POST /config/reload: an invalid config is refused (422, every problem listed) and the running one kept. */
export function configRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/config/reload', requireScope('admin'), async (c) => {
    const { rebuilt, removed } = await deps.reloadConfig();
    return c.json({ reloaded: true, rebuilt, removed });
  });
  return routes;
}
