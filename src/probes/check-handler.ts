import type { Clock } from '../core/clock.ts';
import type { ProbeCheck } from '../specs/index.ts';

/** What a check handler gets for one attempt. */
export interface CheckContext {
  /** Aborts when the attempt times out or the caller gives up; handlers pass it to their I/O. */
  signal: AbortSignal;
  timeoutMs: number;
  clock: Clock;
}

/** One attempt's verdict. Target failures are `ok: false` with a short reason, never a rejection. */
export interface CheckOutcome {
  ok: boolean;
  error?: string;
  status?: number;
  certDaysLeft?: number;
  /** Set when the handler timed what it judged (HTTP: request to last body byte). */
  latencyMs?: number;
}

/** Runs one kind of check; rejects only for programming or configuration errors. */
export type CheckHandler<Kind extends ProbeCheck['kind']> = (
  check: Extract<ProbeCheck, { kind: Kind }>,
  context: CheckContext,
) => Promise<CheckOutcome>;
