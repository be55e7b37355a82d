import { createHash } from 'node:crypto';

export interface BackoffOptions {
  /** Same seed, same schedule: use the delivery id so a retry plan can be tested and explained. */
  jitterSeed: string | number;
  /** Delay after the first failed attempt. @default 5000 */
  baseMs?: number;
  /** Longest delay between two attempts. @default 600000 */
  maxMs?: number;
}

/** Jitter takes up to this share off a delay, so deliveries that failed together do not retry together. */
const JITTER_SHARE = 0.25;

/** A number in [0, 1) fixed by seed and attempt: the first four bytes of sha256(`seed:attempt`) over 2^32. */
export function jitterFraction(seed: string | number, attempt: number): number {
  return createHash('sha256').update(`${seed}:${attempt}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * When to try again after `attempt` (1-based) attempts failed: `baseMs * 2^(attempt-1)`, capped at `maxMs`,
 * less up to a quarter of deterministic jitter.
 */
export function nextAttemptAt(attempt: number, nowMs: number, options: BackoffOptions): number {
  const baseMs = options.baseMs ?? 5_000;
  const maxMs = options.maxMs ?? 10 * 60_000;
  const failures = Math.max(1, Math.floor(attempt));
  const delayMs = Math.min(maxMs, baseMs * 2 ** (failures - 1));
  const jitter = 1 - JITTER_SHARE * jitterFraction(options.jitterSeed, failures);
  return nowMs + Math.round(delayMs * jitter);
}

/** True once `attempt` attempts have been made and the delivery should be recorded as failed. */
export function givesUp(attempt: number, options: { maxAttempts?: number } = {}): boolean {
  return attempt >= (options.maxAttempts ?? 12);
}
