import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { MINUTE_MS } from '../core/duration.ts';
import type { Logger } from '../core/logger.ts';
import type { SliBatch } from './batch.ts';
import { type Every, every, startFleet } from './fleet.ts';
import type { FleetSlo } from './profiles.ts';
import { paymentPoolLeak } from './scenario.ts';

const slos: FleetSlo[] = [
  { name: 'payment-availability', service: 'payment', labels: { sli: 'availability' } },
  { name: 'order-availability', service: 'order', labels: { sli: 'availability' } },
];
const startMs = Date.parse('2026-03-02T12:00:00Z');

/** A scheduler the test drives: `tick()` runs one call, as the timer would. */
function manualEvery() {
  let fn: (() => Promise<void>) | undefined;
  let stopped = false;
  const schedule: Every = (_ms, callback) => {
    fn = callback;
    return async () => {
      stopped = true;
    };
  };
  return { schedule, tick: () => (fn as () => Promise<void>)(), isStopped: () => stopped };
}

/** A fetch answering with `answers` in turn (the last one repeats), recording each batch sent. */
function stubFetch(...answers: Array<'fail' | number>) {
  const sent: SliBatch[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const batch = JSON.parse(String(init.body)) as SliBatch;
    sent.push(batch);
    const answer = answers[Math.min(sent.length - 1, answers.length - 1)];
    if (answer === 'fail') throw new TypeError('fetch failed');
    const body = answer === 202 ? { accepted: batch.events.length } : { error: { code: 'x', message: 'no' } };
    return new Response(JSON.stringify(body), { status: answer });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    debug() {},
    info: (_obj, msg) => lines.push(`info ${msg}`),
    warn: (_obj, msg) => lines.push(`warn ${msg}`),
    error: (_obj, msg) => lines.push(`error ${msg}`),
    child: () => logger,
  };
  return { logger, lines };
}

function setup(fetch: typeof globalThis.fetch, extra: { log?: Logger; withScenario?: boolean } = {}) {
  const clock = new FakeClock(startMs);
  const timer = manualEvery();
  const fleet = startFleet({
    baseUrl: 'http://127.0.0.1:1',
    token: 't',
    slos,
    clock,
    fetch,
    every: timer.schedule,
    batchIdPrefix: 'run',
    scenario: extra.withScenario ? paymentPoolLeak() : undefined,
    log: extra.log,
  });
  const step = async (ms = 5000) => {
    clock.advance(ms);
    await timer.tick();
  };
  return { fleet, step, timer };
}

describe('startFleet', () => {
  it('retries a failed POST with the same batchId, then sends the next batch', async () => {
    const { fetch, sent } = stubFetch('fail', 202);
    const { fleet, step } = setup(fetch);
    await step();
    await step();
    expect(sent.map((b) => b.batchId)).toEqual(['run-0', 'run-0', 'run-1']);
    expect(sent[1]).toEqual(sent[0]);
    expect(fleet.stats()).toMatchObject({ batchesSent: 2, retries: 1, batchesDropped: 0, pendingBatches: 0 });
  });

  it('covers time without gaps or overlaps, one event per SLO per tick', async () => {
    const { fetch, sent } = stubFetch(202);
    const { step } = setup(fetch);
    await step();
    await step(5200);
    const times = sent.flatMap((b) =>
      b.events.filter((e) => e.slo === 'payment-availability').map((e) => e.time),
    );
    expect(times).toEqual([startMs, startMs + 5000, startMs + 10_000]);
  });

  it('gives up on a batch after three attempts, so nothing is pushed forever', async () => {
    const { fetch, sent } = stubFetch(503);
    const { fleet, step } = setup(fetch);
    for (let i = 0; i < 4; i++) await step();
    expect(sent.filter((b) => b.batchId === 'run-0')).toHaveLength(3);
    expect(fleet.stats()).toMatchObject({ batchesSent: 0, batchesDropped: 1, lastError: 'HTTP 503 x: no' });
  });

  it('drops a refused batch at once and carries on', async () => {
    const { fetch, sent } = stubFetch(400, 202);
    const { fleet, step } = setup(fetch);
    await step();
    await step();
    expect(sent.map((b) => b.batchId)).toEqual(['run-0', 'run-1']);
    expect(fleet.stats()).toMatchObject({ batchesSent: 1, batchesDropped: 1 });
  });

  it('logs each phase of the scenario once, in order', async () => {
    const { fetch } = stubFetch(202);
    const { logger, lines } = recordingLogger();
    const { fleet, step } = setup(fetch, { log: logger, withScenario: true });
    for (let i = 0; i < (8 * MINUTE_MS) / 5000; i++) await step();
    expect(lines).toEqual([
      'info payment: connections leaking, pool filling up, errors rising',
      'info payment: connection pool exhausted',
      'info payment: recovered (pods restarted, pool cleared)',
    ]);
    expect(fleet.stats()).toMatchObject({ ticks: 96, phase: 'recovered' });
  });

  it('refuses a tick shorter than a second', () => {
    expect(() =>
      startFleet({ baseUrl: 'http://127.0.0.1:1', token: 't', slos, clock: new FakeClock(0), tickMs: 0 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('stops its timer on stop()', async () => {
    const { fetch } = stubFetch(202);
    const { fleet, timer } = setup(fetch);
    await fleet.stop();
    expect(timer.isStopped()).toBe(true);
  });
});

describe('every', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls back each interval and waits for a running call when stopped', async () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    let release: () => void = () => {};
    const stop = every(5000, async () => {
      calls.push(calls.length);
      if (calls.length === 2) await new Promise<void>((resolve) => (release = resolve));
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([0, 1]);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toEqual([0, 1]);
  });
});
