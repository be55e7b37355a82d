import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DueJob, whenDue } from './every.ts';

describe('whenDue', () => {
  let job: DueJob | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(async () => {
    await job?.stop();
    job = undefined;
    vi.useRealTimers();
  });

  /** A job whose next due time is whatever `nextDue.value` says; counts its runs. */
  function start(nextDue: { value: number | null }, lookEveryMs = 60_000) {
    const runs: number[] = [];
    job = whenDue({
      run: async () => {
        runs.push(Date.now());
      },
      nextDueMs: async () => nextDue.value,
      nowMs: () => Date.now(),
      minGapMs: 1_000,
      lookEveryMs,
      onError: () => {},
    });
    return runs;
  }

  it('runs once at start and then nothing until its look when nothing is due', async () => {
    const runs = start({ value: null });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
  });

  it('sleeps until the due time it read, then runs', async () => {
    const due = { value: (Date.now() + 5_000) as number | null };
    const runs = start(due);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(runs).toHaveLength(1);
    due.value = null;
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([1_000_000, 1_005_000]);
  });

  it('runs at once when woken, however far its plan', async () => {
    const runs = start({ value: null });
    await vi.advanceTimersByTimeAsync(10_000);
    job?.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([1_000_000, 1_010_000]);
  });

  it('runs at the time a wake names', async () => {
    const runs = start({ value: null });
    job?.wake(Date.now() + 3_000);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toEqual([1_000_000, 1_003_000]);
  });

  it('retries work that is due but was not done once a second, not in a busy loop', async () => {
    const runs = start({ value: 0 });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toEqual([1_000_000, 1_001_000, 1_002_000, 1_003_000]);
  });

  it('runs again right after a run during which it was woken', async () => {
    let release: () => void = () => {};
    const runs: number[] = [];
    job = whenDue({
      run: async () => {
        runs.push(Date.now());
        if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      nextDueMs: async () => null,
      nowMs: () => Date.now(),
      minGapMs: 1_000,
      lookEveryMs: 60_000,
      onError: () => {},
    });
    job.wake();
    await vi.advanceTimersByTimeAsync(500);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([1_000_000, 1_000_500]);
  });

  it('takes a nudge at most once a gap after its last run', async () => {
    const runs = start({ value: null });
    job?.nudge();
    job?.nudge();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual([1_000_000, 1_001_000]);
  });
});
