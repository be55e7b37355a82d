import { NinesError } from '../core/errors.ts';

/**
 * A delivery attempt that did not go through. `retryable` tells the delivery queue whether the same
 * message may succeed later (target down, throttled, timed out) or never will (rejected, misconfigured).
 * The message is a short reason safe to store and show: it never holds a secret or a target URL.
 */
export class DeliveryError extends NinesError {
  readonly retryable: boolean;

  constructor(reason: string, options: { retryable: boolean }) {
    super('unavailable', reason);
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
  }
}

/** True when `error` is a DeliveryError. */
export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError;
}

const MAX_REASON_CHARS = 200;

/** One line of at most 200 characters, with every known secret value replaced (longest first). */
export function safeReason(text: string, secretValues: readonly string[]): string {
  let line = text;
  for (const secret of [...secretValues].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) line = line.split(secret).join('[redacted]');
  }
  line = line.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 1)}…` : line;
}
