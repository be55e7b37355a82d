import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/duration.ts';
import type { SliBatch } from './batch.ts';
import { historyBatches, prefillHistory } from './prefill.ts';
import type { FleetSlo } from './profiles.ts';
import { paymentBadRelease } from './scenario.ts';

const slos: FleetSlo[] = [
  { name: 'payment-availability', service: 'payment', labels: { sli: 'availability' } },
  { name: 'payment-latency', service: 'payment', labels: { sli: 'latency' } },
  { name: 'order-availability', service: 'order' },
];
const untilMs = Date.parse('2026-03-02T12:00:30Z');
const sixAm = Date.parse('2026-03-02T06:00:00Z');

function stubFetch(...statuses: number[]) {
  const sent: SliBatch[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const batch = JSON.parse(String(init.body)) as SliBatch;
    sent.push(batch);
    const status = statuses[Math.min(sent.length - 1, statuses.length - 1)] as number;
    const body = status === 202 ? { accepted: batch.events.length } : { error: { code: 'e', message: 'm' } };
    return new Response(JSON.stringify(body), { status });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

describe('historyBatches', () => {
  it('covers 30 days: one event an hour, then the last six hours minute by minute, ending with the part-minute', () => {
    const batches = historyBatches({ slos, untilMs, batchIdPrefix: 'h', maxEventsPerBatch: 1000 });
    const events = batches.flatMap((b) => b.events);
    // 30 d = 720 h: 714 hourly steps from Jan 31 12:00, then 360 whole minutes from 06:00 plus 30 s; 3 SLOs.
    expect(events).toHaveLength((714 + 361) * 3);
    expect(Math.min(...events.map((e) => e.time))).toBe(Date.parse('2026-01-31T12:00:00Z'));
    expect(events.filter((e) => e.time < sixAm && e.time % HOUR_MS !== 0)).toEqual([]);
    expect(events.filter((e) => e.time >= sixAm)).toHaveLength(361 * 3);
    expect(Math.max(...events.map((e) => e.time))).toBe(untilMs - 30_000);
    expect(batches.map((b) => b.batchId)).toEqual(['h-0', 'h-1', 'h-2', 'h-3']);
    expect(batches.every((b) => b.events.length <= 1000)).toBe(true);
  });

  it('starts every budget near 100 %: 30 days of normal traffic burn 0.05 of it', () => {
    const events = historyBatches({ slos, untilMs }).flatMap((b) => b.events);
    const payment = events.filter((e) => e.slo === 'payment-availability');
    const total = payment.reduce((sum, e) => sum + e.total, 0);
    const bad = payment.reduce((sum, e) => sum + e.total - e.good, 0);
    // 30 × 86,400 s × 40 req/s = 103,680,000 events (the time-of-day swing and the jitter average out).
    expect(total / 103_680_000).toBeGreaterThan(0.99);
    expect(total / 103_680_000).toBeLessThan(1.01);
    // 0.0025 % errors on a 0.05 % budget: burn 0.05, so about 95 % of the budget is left.
    const remaining = 1 - bad / total / 0.0005;
    expect(remaining).toBeGreaterThan(0.93);
    expect(remaining).toBeLessThan(0.97);
  });

  it("holds payment's bad release: 80.6 % of its budget twelve days ago, about 14.4 % left", () => {
    const pastIncident = paymentBadRelease({ untilMs });
    // Twelve days before Mar 2 is Feb 18; the hour is 20:30 to 21:30 UTC.
    expect(new Date(pastIncident.startMs).toISOString()).toBe('2026-02-18T20:30:00.000Z');
    const events = historyBatches({ slos, untilMs, pastIncident }).flatMap((b) => b.events);
    const sum = (slo: string, pick: (e: { good: number; total: number }) => number) =>
      events.filter((e) => e.slo === slo).reduce((acc, e) => acc + pick(e), 0);
    const spent = (slo: string, budget: number) =>
      sum(slo, (e) => e.total - e.good) / sum(slo, (e) => e.total) / budget;
    // 0.29 × 60 = 17.4 bad minutes of a 21.6-minute budget (80.6 %) plus the baseline's 5 %: 85.6 % spent.
    expect(spent('payment-availability', 0.0005)).toBeGreaterThan(0.84);
    expect(spent('payment-availability', 0.0005)).toBeLessThan(0.87);
    // Latency: 17.4 of 432 minutes (4 %) plus the baseline's 5 %.
    expect(spent('payment-latency', 0.01)).toBeGreaterThan(0.08);
    expect(spent('payment-latency', 0.01)).toBeLessThan(0.1);
    // Other services are untouched: the baseline's 5 % only.
    expect(spent('order-availability', 0.0005)).toBeLessThan(0.07);
  });

  it('leaves out the hours an SLO no longer accepts, such as those before a calendar period', () => {
    const marchFirst = Date.parse('2026-03-01T00:00:00Z');
    const events = historyBatches({
      slos,
      untilMs,
      oldestMs: (slo) => (slo.service === 'order' ? marchFirst : 0),
    }).flatMap((b) => b.events);
    const order = events.filter((e) => e.slo === 'order-availability');
    // Mar 1 00:00 to 06:00 Mar 2 is 30 hourly steps; then the 361 minutes.
    expect(Math.min(...order.map((e) => e.time))).toBe(marchFirst);
    expect(order).toHaveLength(30 + 361);
  });
});

describe('prefillHistory', () => {
  // Six hours only: these cases are about pushing, not about what is pushed.
  const target = { baseUrl: 'http://127.0.0.1:1', token: 't', slos, untilMs, days: 0, batchIdPrefix: 'h' };

  it('pushes every batch, retrying a failed one with its batchId', async () => {
    const { fetch, sent } = stubFetch(503, 202);
    const result = await prefillHistory({ ...target, fetch, maxEventsPerBatch: 600 });
    expect(sent.map((b) => b.batchId)).toEqual(['h-0', 'h-0', 'h-1']);
    expect(result).toEqual({ batches: 2, eventsAccepted: 361 * 3, untilMs });
  });

  it('stops with unauthenticated when the token is refused', async () => {
    const { fetch, sent } = stubFetch(401);
    await expect(prefillHistory({ ...target, fetch })).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(sent).toHaveLength(1);
  });

  it('stops with unavailable after three failed attempts', async () => {
    const { fetch, sent } = stubFetch(503);
    await expect(prefillHistory({ ...target, fetch })).rejects.toMatchObject({ code: 'unavailable' });
    expect(sent).toHaveLength(3);
  });
});
