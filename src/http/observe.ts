import { performance } from 'node:perf_hooks';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../core/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { AppEnv } from './deps.ts';

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The registered pattern that served the request (`/api/v1/slos/:name`), never the raw path, so metric
 * labels stay bounded; `unmatched` when only middleware matched (a 404).
 */
export function routePattern(c: Context): string {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return route?.path ?? 'unmatched';
}

/** Counts and times every request by route pattern, and writes a debug access log line. */
export function observeRequests(deps: { metrics: Metrics; logger: Logger }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const startedMs = performance.now();
    await next();
    recordRequest(deps.logger, deps.metrics, {
      route: routePattern(c),
      method: c.req.method,
      status: c.res.status,
      durationMs: performance.now() - startedMs,
      requestId: c.get('requestId'),
    });
  };
}

/** One served request in the metrics and the debug access log; `route` is a pattern, never a raw path. */
export function recordRequest(
  logger: Logger,
  metrics: Metrics,
  request: { route: string; method: string; status: number; durationMs: number; requestId: string },
): void {
  const { route, status, durationMs, requestId } = request;
  const method = knownMethods.has(request.method) ? request.method : 'OTHER';
  metrics.httpRequests.inc({ route, method, status: `${Math.floor(status / 100)}xx` });
  metrics.httpDuration.observe({ route, method }, durationMs / 1000);
  // The route pattern, not the raw path: paths can carry credentials (signed ack-link tokens).
  logger.debug({ requestId, method, route, status, durationMs }, 'http request');
}
