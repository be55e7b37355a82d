// Abort signals for one attempt (an HTTP call, a delivery), where the caller's signal lives long (a job's,
// aborted only at shutdown). Node 20's `AbortSignal.any` keeps every composite made from a long-lived
// signal that something listens to (fetch does), so one per request leaks.

/** One attempt's abort signal; `done` must be called when the attempt ends, however it ends. */
export interface AttemptSignal {
  signal: AbortSignal;
  /** Clears the timer and stops listening to the caller's signal. */
  done(): void;
}

/**
 * The caller's signal combined with this attempt's timeout, on a timer we own. Not `AbortSignal.any` with
 * `AbortSignal.timeout`: `any` holds its sources weakly, so after a garbage collection the timeout signal
 * may be gone and the attempt never ends (seen on Node 20 with hung receivers).
 */
export function attemptSignal(signal: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
