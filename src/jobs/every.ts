/** A repeating job: runs `fn` every `intervalMs` (never overlapping itself) until stopped. */
export interface Job {
  /** Stops scheduling and waits for a run in progress to end. */
  stop(): Promise<void>;
}

/** Starts `fn` now and then every `intervalMs` after each run ends; errors go to `onError`, never stop the job. */
export function every(
  intervalMs: number,
  fn: (signal: AbortSignal) => Promise<void>,
  onError: (error: unknown) => void,
): Job {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = fn(controller.signal)
      .catch(onError)
      .finally(() => {
        if (!controller.signal.aborted) timer = setTimeout(run, intervalMs);
      });
  };
  run();
  return {
    async stop() {
      controller.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
