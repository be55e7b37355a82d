import { z } from '@hono/zod-openapi';
import { ingestSliEvents, sliEventBatchSchema } from '../../engine/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { named } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { MAX_BODY_BYTES, readJsonBody } from '../json-body.ts';

const route = {
  method: 'post',
  path: '/sli-events',
  summary: 'Push SLI events (stored durably, all or nothing)',
  scope: 'write',
  body: {
    schema: named(sliEventBatchSchema, 'SliEventBatch'),
    description: `At most ${MAX_BODY_BYTES / 1024 / 1024} MiB. A repeated batchId is not counted twice.`,
  },
  responses: {
    202: json(
      'Stored; `duplicate` when the batchId had been stored before.',
      z.object({ accepted: z.int(), duplicate: z.literal(true).optional() }),
    ),
    400: failure('Malformed, oversized or invalid batch; `details` names each bad event field.'),
  },
} as const;

/** POST /sli-events: a batch is stored durably (all or nothing) before it is acknowledged. */
export function sliEventRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  addRoute(routes, route, async (c) => {
    const input = await readJsonBody(c.req.raw);
    const result = await ingestSliEvents({ ctx: deps.ctx, input });
    if (result.duplicate) return c.json({ accepted: result.accepted, duplicate: true }, 202);
    deps.metrics.eventsIngested.inc(result.accepted);
    return c.json({ accepted: result.accepted }, 202);
  });
  return routes;
}
