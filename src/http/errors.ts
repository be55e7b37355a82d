import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, isNinesError, NinesError, type Problem } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { asStorageError } from '../storage/index.ts';
import type { AppEnv } from './deps.ts';

/** The one table from error code to HTTP status. */
export const statusOfCode = {
  invalid_input: 400,
  unsupported_media_type: 415,
  invalid_config: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Problem[]; requestId: string };
}

export function errorBody(error: NinesError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      requestId,
    },
  };
}

/** Renders a NinesError as its status and body; a 401 also says which scheme to use. */
export function errorResponse(c: Context<AppEnv>, error: NinesError): Response {
  if (error.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer');
  // Storage down or too much waiting: senders that honour it come back, rather than at once.
  if (error.code === 'unavailable' && !c.res.headers.has('Retry-After')) c.header('Retry-After', '5');
  return c.json(errorBody(error, c.get('requestId')), statusOfCode[error.code]);
}

/**
 * The app's error handler: NinesErrors and storage outages answer with their code; anything else is a
 * bug, logged with the request id and answered with a generic 500 that leaks nothing.
 */
export function handleError(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const requestId = c.get('requestId');
    const known = asStorageError(error);
    if (isNinesError(known) && known.code !== 'internal') {
      if (known !== error) logger.warn({ err: error, requestId }, 'storage unavailable');
      return errorResponse(c, known);
    }
    logger.error({ err: error, requestId }, 'request failed');
    return errorResponse(
      c,
      new NinesError('internal', `internal error; the server log has details under request id ${requestId}`),
    );
  };
}

/** Unknown paths answer in the same error shape as everything else. */
export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, new NinesError('not_found', `no route for ${c.req.method} ${c.req.path}`));
