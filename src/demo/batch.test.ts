import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../core/duration.ts';
import { buildEvents, toBatches } from './batch.ts';
import type { FleetSlo } from './profiles.ts';
import { createRng } from './rng.ts';
import { paymentPoolLeak, scheduleScenario } from './scenario.ts';

const slos: FleetSlo[] = [
  { name: 'payment-availability', service: 'payment', labels: { sli: 'availability' } },
  { name: 'payment-latency', service: 'payment', labels: { sli: 'latency' } },
  { name: 'api-gateway-availability', service: 'api-gateway' },
  { name: 'legacy-availability', service: 'not-in-the-demo' },
];
const fromMs = Date.parse('2026-03-02T12:00:00Z');

describe('buildEvents', () => {
  it('gives one well-formed event per SLO per step, timed inside its step', () => {
    const scenario = scheduleScenario(paymentPoolLeak({ startAfterMs: 0 }), fromMs);
    const toMs = fromMs + 3 * MINUTE_MS;
    const events = buildEvents({ slos, fromMs, toMs, stepMs: 5000, scenario, rng: createRng(1) });
    expect(events).toHaveLength(36 * slos.length);
    for (const event of events) {
      expect(slos.map((s) => s.name)).toContain(event.slo);
      expect(Number.isInteger(event.good) && Number.isInteger(event.total)).toBe(true);
      expect(event.good).toBeGreaterThanOrEqual(0);
      expect(event.good).toBeLessThanOrEqual(event.total);
      expect(event.total).toBeGreaterThan(0);
      expect(event.time).toBeGreaterThanOrEqual(fromMs);
      expect(event.time).toBeLessThan(toMs);
      expect((event.time - fromMs) % 5000).toBe(0);
    }
  });

  it('covers a late tick with a full step and a short one', () => {
    const events = buildEvents({ slos, fromMs, toMs: fromMs + 5200, stepMs: 5000, rng: createRng(1) });
    expect([...new Set(events.map((e) => e.time))]).toEqual([fromMs, fromMs + 5000]);
    const shortGateway = events.find((e) => e.slo === 'api-gateway-availability' && e.time === fromMs + 5000);
    // 0.2 s of ~400 × 1.18 rps ≈ 95 requests.
    expect(shortGateway?.total).toBeLessThan(110);
  });

  it('leaves out spans without requests', () => {
    // 20 rps for 1 ms: 0.02 requests, so almost every step is empty.
    const events = buildEvents({
      slos: [slos[3] as FleetSlo],
      fromMs,
      toMs: fromMs + 1000,
      stepMs: 1,
      rng: createRng(1),
    });
    expect(events.length).toBeLessThan(100);
    expect(events.every((e) => e.total > 0)).toBe(true);
  });

  it('refuses a step that would never advance', () => {
    expect(() => buildEvents({ slos, fromMs, toMs: fromMs + 1, stepMs: 0, rng: createRng(1) })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('toBatches', () => {
  it('splits events into numbered batches of at most maxEvents', () => {
    const events = Array.from({ length: 2500 }, (_, i) => ({ slo: 's', time: i, good: 1, total: 1 }));
    const batches = toBatches(events, { maxEvents: 1000, idPrefix: 'history-abc' });
    expect(batches.map((b) => [b.batchId, b.events.length])).toEqual([
      ['history-abc-0', 1000],
      ['history-abc-1', 1000],
      ['history-abc-2', 500],
    ]);
    expect(batches.flatMap((b) => b.events)).toEqual(events);
  });
});
