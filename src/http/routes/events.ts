import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppContext } from '../../context/index.ts';
import { isNinesError } from '../../core/errors.ts';
import { type EventSink, eventHubOf, type LiveEvent, parseCursor } from '../../events/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, text } from '../api-route.ts';
import { queryParam } from '../api-schemas.ts';
import type { AppDeps, AppEnv } from '../deps.ts';

/** What one stream may hold unread before its client is dropped as too slow. */
export const MAX_QUEUED_BYTES = 2 * 1024 * 1024;

/** How long (seconds) a client refused for too many streams should wait. */
const RETRY_AFTER_SECONDS = '5';

const encoder = new TextEncoder();

/** One event on the wire; its JSON never holds a line break, so one `data:` line carries it. */
function frame(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * The response body of one stream: a byte-bounded queue (what the client has not read yet), ended
 * gracefully when the server stops or the token is revoked, and at once when the client falls behind.
 */
function eventStream(stillAllowed: () => Promise<boolean>) {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let ended = false;
  const stream = { close: () => {} };
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        c.enqueue(encoder.encode('retry: 3000\n\n'));
      },
      cancel() {
        ended = true;
        stream.close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: MAX_QUEUED_BYTES }),
  );
  const write = (text: string): boolean => {
    if (ended || !controller) return false;
    controller.enqueue(encoder.encode(text));
    return (controller.desiredSize ?? 0) >= 0;
  };
  const finish = (comment: string) => {
    if (ended) return;
    write(`: ${comment}\n\n`);
    ended = true;
    stream.close();
    controller?.close();
  };
  const tooSlow = () => {
    if (ended) return;
    ended = true;
    stream.close();
    // Errored, not closed: what is queued is freed now instead of waiting for a client that does not read.
    controller?.error(new Error('the client fell too far behind'));
  };
  const sink: EventSink = {
    send: (event) => write(frame(event)),
    heartbeat() {
      if (!write(': ping\n\n')) return tooSlow();
      stillAllowed().then(
        (allowed) => allowed || finish('the token was revoked or expired'),
        () => {}, // storage unreachable: keep streaming, check again at the next heartbeat
      );
    },
    end: (reason) => (reason === 'too_slow' ? tooSlow() : finish('the server is stopping')),
  };
  return { body, sink, stream };
}

const streamHeaders = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
};

const bearer = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * GET /api/v1/events: server-sent events of page, incident, deploy and SLO status changes, resumable with
 * `Last-Event-ID`.
 */
export function eventRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  const route = {
    method: 'get',
    path: '/events',
    summary: 'Live events: page, incident, deploy and SLO status changes (server-sent events)',
    description:
      'A `text/event-stream` that stays open: `event: page | incident | deploy | slo | reset`, `data:` one JSON object, `id:` a cursor. ' +
      'Send the last id received as the `Last-Event-ID` header (or `?lastEventId=`) to receive exactly what was missed; ' +
      '`reset` says what to refetch when that is more than the server replays. Without one the stream starts now. ' +
      'A `: ping` comment comes every 15 s; the stream ends when the token is revoked. 503 (with `Retry-After`) when too many streams are open.',
    scope: 'read',
    query: z.object({
      lastEventId: queryParam('Resume after this event id, for clients that cannot send `Last-Event-ID`.'),
    }),
    responses: {
      200: text('The event stream.', 'text/event-stream'),
      400: failure('`Last-Event-ID` (or `lastEventId`) is not an id this stream sent.'),
    },
  } as const;
  addRoute(routes, route, async (c) => {
    const header = c.req.header('last-event-id');
    const field = header ? 'Last-Event-ID' : 'lastEventId';
    const resumeAt = header || c.req.query('lastEventId');
    const cursor = resumeAt ? parseCursor(resumeAt, field) : undefined;
    // A HEAD's body is thrown away unread and never cancelled: a stream opened for it would never close.
    if (c.req.raw.method === 'HEAD') return c.body(null, 200, streamHeaders);
    const token = bearer.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const tokenId = c.get('identity').id;
    const { body, sink, stream } = eventStream(async () => (await deps.verifyToken(token))?.id === tokenId);
    try {
      stream.close = await eventHubOf(ctx).open({ cursor, sink });
    } catch (error) {
      if (isNinesError(error) && error.code === 'unavailable') c.header('Retry-After', RETRY_AFTER_SECONDS);
      throw error;
    }
    return c.body(body, 200, streamHeaders);
  });
  return routes;
}

/** After a request that may have changed a page or an incident, open streams read storage at once. */
export function wakeLiveStreams(ctx: Pick<AppContext, 'live'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400) ctx.live.storageChanged();
  };
}
