import { Hono } from 'hono';
import type { AppDeps, AppEnv, Readiness } from '../deps.ts';

/** GET /healthz (the process answers), /readyz (its dependencies answer) and /metrics (Prometheus). */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ status: 'ok' }));
  routes.get('/readyz', async (c) => {
    const readiness = await deps.readiness().catch(
      (error: unknown): Readiness => ({
        ok: false,
        checks: { readiness: `failed: ${(error as Error).message}` },
      }),
    );
    return c.json(
      { status: readiness.ok ? 'ready' : 'not_ready', checks: readiness.checks },
      readiness.ok ? 200 : 503,
    );
  });
  routes.get('/metrics', async (c) => {
    const text = await deps.metrics.registry.metrics();
    return c.body(text, 200, { 'Content-Type': deps.metrics.registry.contentType });
  });
  return routes;
}
