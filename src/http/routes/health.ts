import { z } from '@hono/zod-openapi';
import { type ApiRoutes, addRoute, apiRoutes, json, text } from '../api-route.ts';
import type { AppDeps, Readiness } from '../deps.ts';

const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.string()).openapi({ description: 'One line per dependency.' }),
});

/** GET /healthz (the process answers), /readyz (its dependencies answer) and /metrics (Prometheus). */
export function healthRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness',
      responses: { 200: json('The process answers.', z.object({ status: z.literal('ok') })) },
    },
    (c) => c.json({ status: 'ok' }),
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/readyz',
      summary: 'Readiness of storage and config',
      responses: {
        200: json('Ready; `checks` per dependency.', readinessSchema),
        503: json('Not ready; `checks` says why.', readinessSchema),
      },
    },
    async (c) => {
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
    },
  );
  addRoute(
    routes,
    {
      method: 'get',
      path: '/metrics',
      summary: 'Nines’ own metrics',
      responses: { 200: text('Prometheus text format.', 'text/plain') },
    },
    async (c) => {
      const text = await deps.metrics.registry.metrics();
      return c.body(text, 200, { 'Content-Type': deps.metrics.registry.contentType });
    },
  );
  return routes;
}
