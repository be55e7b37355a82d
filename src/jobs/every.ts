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

/** A job that sleeps until its work is due, or until a writer wakes it. */
export interface DueJob extends Job {
  /** Work is due at `atMs` (now when omitted): run then, however far its own plan was. */
  wake(atMs?: number): void;
  /** Something may have changed: run within `minGapMs` of the last run. */
  nudge(): void;
}

export interface DueJobOptions {
  /** One run over what is due now. */
  run(signal: AbortSignal): Promise<void>;
  /** When the earliest work the job knows of is due (clock ms), or null when none is. */
  nextDueMs(): Promise<number | null>;
  nowMs(): number;
  /** Never more often than this unless woken: work due but not yet doable (a full receiver) is retried at this pace. */
  minGapMs: number;
  /** The longest sleep: a look at storage for work no wake announced (another node's). */
  lookEveryMs: number;
  onError(error: unknown): void;
}

// setTimeout's longest delay; a longer sleep simply looks again then.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs now, then whenever its next due time comes (read after each run), a wake asks, or `lookEveryMs`
 * passes; never overlapping itself. Idle, with nothing due, it runs nothing at all between looks.
 */
export function whenDue(options: DueJobOptions): DueJob {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let plannedAtMs = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  let wokenAtMs = Number.POSITIVE_INFINITY;
  let lastStartMs = Number.NEGATIVE_INFINITY;

  const plan = (atMs: number) => {
    if (controller.signal.aborted) return;
    if (running) {
      wokenAtMs = Math.min(wokenAtMs, atMs);
      return;
    }
    if (timer && plannedAtMs <= atMs) return;
    if (timer) clearTimeout(timer);
    plannedAtMs = atMs;
    timer = setTimeout(cycle, Math.min(MAX_TIMER_MS, Math.max(0, atMs - options.nowMs())));
  };

  const cycle = () => {
    timer = undefined;
    plannedAtMs = Number.POSITIVE_INFINITY;
    wokenAtMs = Number.POSITIVE_INFINITY;
    lastStartMs = options.nowMs();
    running = runOnce().finally(() => {
      running = undefined;
    });
  };

  async function runOnce(): Promise<void> {
    let nextMs: number | null;
    try {
      await options.run(controller.signal);
      nextMs = await options.nextDueMs();
    } catch (error) {
      options.onError(error);
      nextMs = options.nowMs(); // again after minGapMs, as a failed run always was
    }
    if (controller.signal.aborted) return;
    const nowMs = options.nowMs();
    const soonest = nowMs + options.minGapMs;
    const latest = nowMs + options.lookEveryMs;
    const next = nextMs === null ? latest : Math.min(latest, Math.max(soonest, nextMs));
    const woken = wokenAtMs;
    running = undefined;
    plan(Math.min(next, woken));
  }

  cycle();
  return {
    wake: (atMs) => plan(atMs ?? options.nowMs()),
    nudge: () => plan(Math.max(options.nowMs(), lastStartMs + options.minGapMs)),
    async stop() {
      controller.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
