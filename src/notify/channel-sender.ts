import type { ContactMethod, SecretRef } from '../specs/index.ts';
import { DeliveryError } from './delivery-error.ts';
import type { NotificationMessage } from './message.ts';

/** Reads a secret's value (from the environment in production); undefined when it is not set. */
export type ReadSecret = (ref: SecretRef) => string | undefined;

/** One delivery attempt of one message to one contact. */
export interface SendInput<Target extends ContactMethod = ContactMethod> {
  target: Target;
  message: NotificationMessage;
  /** Stable across retries of one delivery, so receivers can drop duplicates. */
  idempotencyKey: string;
  secrets: ReadSecret;
  /** Aborts when the caller gives up (shutdown); each sender adds its own timeout. */
  signal: AbortSignal;
}

/** Delivers to one kind of contact; resolves when the target accepted the message, else throws DeliveryError. */
export interface ChannelSender<Kind extends ContactMethod['kind'] = ContactMethod['kind']> {
  send(input: SendInput<Extract<ContactMethod, { kind: Kind }>>): Promise<void>;
}

/** Options every sender takes. */
export interface SenderOptions {
  /** Give up on one attempt after this long. @default 10000 */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The value of a plain or env-referenced setting; a missing env variable is a configuration error, not worth retrying. */
export function resolveSecret(value: string | SecretRef, secrets: ReadSecret): string {
  if (typeof value === 'string') return value;
  const resolved = secrets(value);
  if (resolved === undefined || resolved === '') {
    throw new DeliveryError(`secret environment variable ${value.env} is not set`, { retryable: false });
  }
  return resolved;
}
export { type AttemptSignal, attemptSignal } from '../core/attempt-signal.ts';

/** Names an abort: our own timeout or the caller cancelling. Both may succeed on a later attempt. */
export function abortError(reason: unknown, timeoutMs: number): DeliveryError {
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return new DeliveryError(timedOut ? `timed out after ${timeoutMs} ms` : 'cancelled', { retryable: true });
}
