import { z } from '@hono/zod-openapi';
import { type ApiRoutes, addRoute, apiRoutes, json, text } from '../api-route.ts';
import type { AppDeps, Readiness } from '../deps.ts';

const bearer = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** Check lines anyone may read; a failing one says only that the dependency is unavailable. */
const healthyLines = new Set(['ok', 'loaded']);

/**
 * The readiness as the caller may see it: a failure's detail (`connect ECONNREFUSED 127.0.0.1:5432`)
 * names hosts and ports, so only a caller with a valid token reads it; everyone else reads `unavailable`.
 */
async function shownChecks(
  checks: Record<string, string>,
  authorization: string | undefined,
  deps: AppDeps,
): Promise<Record<string, string>> {
  if (Object.values(checks).every((line) => healthyLines.has(line))) return checks;
  const token = bearer.exec(authorization ?? '')?.[1];
  const identity = token === undefined ? undefined : await deps.verifyToken(token).catch(() => undefined);
  if (identity) return checks;
  return Object.fromEntries(
    Object.entries(checks).map(([name, line]) => [name, healthyLines.has(line) ? line : 'unavailable']),
  );
}

const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.string()).openapi({ description: 'One line per dependency.' }),
});

/** GET /healthz (the process answers), /readyz (its dependencies answer) and /metrics (Prometheus). */
export function healthRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  const logger = deps.ctx.logger.child({ module: 'nines:http' });
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
      description:
        'A failing check reads `unavailable`; the reason (which names hosts) is logged, and shown to a caller sending a valid API token.',
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
      if (!readiness.ok) logger.warn({ checks: readiness.checks }, 'not ready');
      const checks = await shownChecks(readiness.checks, c.req.header('authorization'), deps);
      return c.json({ status: readiness.ok ? 'ready' : 'not_ready', checks }, readiness.ok ? 200 : 503);
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
