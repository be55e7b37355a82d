import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/duration.ts';
import type { SliBatch } from './batch.ts';
import { historyBatches, prefillHistory } from './prefill.ts';
import type { FleetSlo } from './profiles.ts';

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
  it('covers the six hours before untilMs minute by minute, ending with the part-minute', () => {
    const batches = historyBatches({ slos, untilMs, batchIdPrefix: 'h', maxEventsPerBatch: 400 });
    const events = batches.flatMap((b) => b.events);
    // 360 whole minutes from 06:00 plus 30 s, for 3 SLOs.
    expect(events).toHaveLength(361 * 3);
    expect(Math.min(...events.map((e) => e.time))).toBe(sixAm);
    expect(Math.max(...events.map((e) => e.time))).toBe(untilMs - 30_000);
    expect(batches.map((b) => b.batchId)).toEqual(['h-0', 'h-1', 'h-2']);
    expect(batches.every((b) => b.events.length <= 400)).toBe(true);
  });

  it('holds normal traffic only: payment spends well under its budget', () => {
    const events = historyBatches({ slos, untilMs }).flatMap((b) => b.events);
    const payment = events.filter((e) => e.slo === 'payment-availability');
    const total = payment.reduce((sum, e) => sum + e.total, 0);
    const bad = payment.reduce((sum, e) => sum + e.total - e.good, 0);
    // Expected burn 0.4 on 99.95 %.
    expect(bad / total / 0.0005).toBeLessThan(1);
    expect(total).toBeGreaterThan(6 * HOUR_MS * 0.03);
  });
});

describe('prefillHistory', () => {
  const target = { baseUrl: 'http://127.0.0.1:1', token: 't', slos, untilMs, batchIdPrefix: 'h' };

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
