import { attemptSignal } from '../core/attempt-signal.ts';
import type { Clock } from '../core/clock.ts';
import type { Probe } from '../specs/index.ts';
import type { CheckOutcome } from './check-handler.ts';
import { runCheck } from './check-registry.ts';

/** One probe run: a single SLI event (good when `ok`), with what the last attempt saw for display. */
export interface ProbeResult {
  ok: boolean;
  /** When the run (its first attempt) started, from the clock; the scheduler's anchor. */
  startedAtMs: number;
  /** The last attempt's duration, whole milliseconds. */
  latencyMs: number;
  /** Attempts made: 1 + retries used. */
  attempts: number;
  /** Short human reason when the last attempt failed. */
  error?: string;
  /** HTTP status of the last attempt. */
  status?: number;
  /** Days until the TLS certificate expires (HTTPS only). */
  certDaysLeft?: number;
}

export interface RunProbeOptions {
  /** Cancels the run; `runProbe` then rejects with the signal's reason and records nothing. */
  signal?: AbortSignal;
  clock: Clock;
}

type AttemptResult = CheckOutcome & { latencyMs: number };

/**
 * Runs a probe once, retrying a failed attempt up to `probe.retries` times, each attempt bounded by
 * `probe.timeoutMs`. Target failures resolve as `ok: false`; only programming errors and caller aborts reject.
 */
export async function runProbe(probe: Probe, options: RunProbeOptions): Promise<ProbeResult> {
  const startedAtMs = options.clock.now();
  let attempts = 0;
  let last: AttemptResult;
  do {
    attempts += 1;
    last = await runAttempt(probe, options);
  } while (!last.ok && attempts <= probe.retries);
  return withoutUndefined({ ...last, startedAtMs, attempts });
}

async function runAttempt(
  probe: Probe,
  { signal: callerSignal, clock }: RunProbeOptions,
): Promise<AttemptResult> {
  callerSignal?.throwIfAborted();
  // Our own timer and listener, not AbortSignal.any with the job's signal: that leaks one per attempt.
  const attempt = attemptSignal(callerSignal, probe.timeoutMs);
  const { signal } = attempt;
  const startedAt = performance.now();
  // The race bounds the attempt even if a handler were slow to honour the signal.
  const outcome = await Promise.race([
    runCheck(probe.check, { signal, timeoutMs: probe.timeoutMs, clock }),
    whenAborted(signal),
  ]).finally(() => attempt.done());
  callerSignal?.throwIfAborted();
  const latencyMs = outcome?.latencyMs ?? Math.round(performance.now() - startedAt);
  if (outcome === undefined || (signal.aborted && !outcome.ok)) {
    return { ok: false, error: `timed out after ${probe.timeoutMs} ms`, latencyMs };
  }
  return { ...outcome, latencyMs };
}

/** Results are stored and serialised; absent facts should be absent keys, not `undefined` values. */
function withoutUndefined(result: ProbeResult): ProbeResult {
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined)) as ProbeResult;
}

function whenAborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}
