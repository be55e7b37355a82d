/** The closed set of error codes Nines reports. Each one is documented in docs/errors.md. */
export const errorCodes = [
  'invalid_input',
  'unsupported_media_type',
  'invalid_config',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One problem in user input: where it is and what is wrong. */
export interface Problem {
  /** Dotted path inside a document or body (`events.3.good`), or `file:line:col` for config files. */
  path: string;
  message: string;
}

/** The only error type the domain throws; adapters map `code` to their own status. */
export class NinesError extends Error {
  readonly code: ErrorCode;
  readonly details: Problem[] | undefined;

  constructor(code: ErrorCode, message: string, details?: Problem[]) {
    super(message);
    this.name = 'NinesError';
    this.code = code;
    this.details = details;
  }
}

export function isNinesError(error: unknown): error is NinesError {
  return error instanceof NinesError;
}
