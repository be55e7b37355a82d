import { z } from '@hono/zod-openapi';
import { NinesError } from '../../core/errors.ts';
import { ingestRemoteWrite, MAX_WAITING_REQUESTS, newRemoteWriteReceiver } from '../../engine/index.ts';
import { remoteWritePlan } from '../../sources/remote-write/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import type { AppDeps } from '../deps.ts';
import { MAX_BODY_BYTES, readAtMost } from '../json-body.ts';

const writeRoute = {
  method: 'post',
  path: '/write',
  summary: 'Prometheus remote-write 1.0 receiver (protobuf WriteRequest, snappy block compression)',
  description:
    'Point `remote_write` at it with `authorization: { credentials: <token> }`. Counter series selected by the ' +
    'SLOs of data sources with `remoteWrite: true` are counted into good/total per minute and stored before ' +
    `the answer. At most ${MAX_BODY_BYTES / 1024 / 1024} MiB compressed, 32 MiB decompressed, 1,000,000 series. A 4xx is not ` +
    'retried by Prometheus; a 5xx is, and counts nothing twice (samples not newer than the last are ignored).',
  scope: 'write',
  responses: {
    204: { description: 'Stored (or nothing in it feeds an SLO).' },
    400: failure('Not snappy, not a protobuf WriteRequest, or too large (`invalid_input`).'),
    415: failure(
      'Content-Type is not `application/x-protobuf` (1.0), or asks for another `proto=`, or Content-Encoding is not `snappy`.',
    ),
    503: failure(
      `Storage is unavailable, or more than ${MAX_WAITING_REQUESTS} requests wait to be stored (\`unavailable\`, \`Retry-After: 5\`); nothing of it was counted.`,
    ),
  },
} as const;

const statusRoute = {
  method: 'get',
  path: '/write/status',
  summary: 'Which SLOs remote-write feeds, and which stay polled (with why)',
  scope: 'read',
  responses: {
    200: json(
      'SLOs of `remoteWrite: true` data sources.',
      z.object({
        fed: z.array(z.string()),
        polled: z.array(z.object({ slo: z.string(), reason: z.string() })),
      }),
    ),
  },
} as const;

const protobufType = /^application\/x-protobuf[ \t]*(;.*)?$/i;

function requireRemoteWriteHeaders(request: Request): void {
  const type = request.headers.get('content-type') ?? '';
  const encoding = request.headers.get('content-encoding') ?? '';
  if (!protobufType.test(type.trim())) {
    throw new NinesError(
      'unsupported_media_type',
      `the body's Content-Type is ${JSON.stringify(type)}; remote-write sends "application/x-protobuf"`,
    );
  }
  const proto = /;\s*proto=([^;\s]+)/i.exec(type)?.[1];
  if (proto !== undefined && proto !== 'prometheus.WriteRequest') {
    // A 2.0 sender asks for proto=io.prometheus.write.v2.Request: 415 tells it to fall back to 1.0.
    throw new NinesError(
      'unsupported_media_type',
      `proto=${proto} is not supported; send remote-write 1.0 (proto=prometheus.WriteRequest)`,
    );
  }
  if (encoding.trim().toLowerCase() !== 'snappy') {
    throw new NinesError(
      'unsupported_media_type',
      `the body's Content-Encoding is ${JSON.stringify(encoding)}; remote-write sends "snappy"`,
    );
  }
}

/** POST /write (remote-write 1.0) and GET /write/status. */
export function remoteWriteRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  const receiver = newRemoteWriteReceiver(deps.ctx);
  addRoute(routes, writeRoute, async (c) => {
    requireRemoteWriteHeaders(c.req.raw);
    const body = await readAtMost(c.req.raw, MAX_BODY_BYTES);
    await ingestRemoteWrite({ ctx: deps.ctx, receiver, body });
    return c.body(null, 204);
  });
  addRoute(routes, statusRoute, (c) => {
    const plan = remoteWritePlan(deps.ctx.engine.model);
    return c.json({ fed: plan.feeds.map((feed) => feed.spec.name), polled: plan.polled }, 200);
  });
  return routes;
}
