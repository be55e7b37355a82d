import type { MiddlewareHandler } from 'hono';
import { newId } from '../core/ids.ts';
import type { AppEnv } from './deps.ts';

/** Ids a caller may choose: short, printable, no spaces, so they are safe in logs and headers. */
const saneId = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it looks sane, else a fresh one. */
export function pickRequestId(header: string | undefined): string {
  return header !== undefined && saneId.test(header) ? header : newId();
}

/** Gives every request an id (`c.get('requestId')`) and echoes it in `X-Request-Id`. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = pickRequestId(c.req.header('x-request-id'));
    c.set('requestId', id);
    await next();
    // Straight onto the finished response's headers: c.header() after the handler rebuilds the whole
    // Response (and its body stream), which cost the prepared status page a quarter of its CPU.
    // Immutable headers (a fetched or Response.redirect() answer) take the rebuilding path.
    try {
      c.res.headers.set('X-Request-Id', id);
    } catch {
      c.header('X-Request-Id', id);
    }
  };
}
