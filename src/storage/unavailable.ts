import { NinesError } from '../core/errors.ts';

/** Node socket errors that mean the database could not be reached or the connection broke. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Errors without a code that pg and better-sqlite3 throw when the connection is gone or the database is closed. */
const lostConnectionMessages = [
  'The database connection is not open',
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'Client has encountered a connection error and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

function isConnectionLevel(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  // SQLSTATE class 08 is "connection exception", 57P* is "operator intervention" (shutdown, restart).
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || code.startsWith('57P') || socketCodes.has(code))
  ) {
    return true;
  }
  if (typeof message === 'string' && lostConnectionMessages.some((text) => message.startsWith(text))) {
    return true;
  }
  if (Array.isArray(errors) && errors.some((inner) => isConnectionLevel(inner, depth + 1))) return true;
  return isConnectionLevel(cause, depth + 1);
}

/**
 * Maps an error thrown by the storage layer: connection-level failures (unreachable, reset, shut down,
 * closed) become `NinesError('unavailable')`; anything else is returned unchanged.
 */
export function asStorageError(error: unknown): unknown {
  if (error instanceof NinesError) return error;
  return isConnectionLevel(error) ? new NinesError('unavailable', 'storage unavailable') : error;
}
