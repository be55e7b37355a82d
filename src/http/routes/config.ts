import { z } from '@hono/zod-openapi';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import type { AppDeps } from '../deps.ts';

/** POST /config/reload: an invalid config is refused (422, every problem listed) and the running one kept. */
export function configRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'post',
      path: '/config/reload',
      summary: 'Re-read the config directory',
      scope: 'admin',
      responses: {
        200: json(
          'Applied.',
          z.object({ reloaded: z.literal(true), rebuilt: z.array(z.string()), removed: z.array(z.string()) }),
        ),
        422: failure('Invalid config, kept the running one; `details` lists `file:line:col` problems.'),
      },
    },
    async (c) => {
      const { rebuilt, removed } = await deps.reloadConfig();
      return c.json({ reloaded: true, rebuilt, removed });
    },
  );
  return routes;
}
