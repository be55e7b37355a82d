import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import { type FleetSlo, profileFor } from './profiles.ts';
import { createRng } from './rng.ts';
import { paymentPoolLeak, scheduleScenario } from './scenario.ts';
import { requestsPerSecondAt, trafficFor } from './traffic.ts';

const payment: FleetSlo = {
  name: 'payment-availability',
  service: 'payment',
  labels: { sli: 'availability' },
};
const noon = Date.parse('2026-03-02T12:00:00Z');

/** Sums simulated 5 s ticks of `slo` over [fromMs, toMs). */
function simulate(slo: FleetSlo, fromMs: number, toMs: number, scenarioStartMs?: number) {
  const rng = createRng(7);
  const scenario =
    scenarioStartMs === undefined ? undefined : scheduleScenario(paymentPoolLeak(), scenarioStartMs);
  const sum = { good: 0, total: 0 };
  for (let t = fromMs; t < toMs; t += 5000) {
    const counts = trafficFor({
      slo,
      profile: profileFor(slo.service),
      tickStartMs: t,
      tickMs: 5000,
      scenario,
      rng,
    });
    sum.good += counts.good;
    sum.total += counts.total;
  }
  return { ...sum, burn: (sum.total - sum.good) / sum.total / 0.0005 };
}

describe('requestsPerSecondAt', () => {
  it('peaks at 15:00 UTC at 130 % of the mean and bottoms out at 03:00 at 70 %', () => {
    const profile = profileFor('payment');
    expect(requestsPerSecondAt(profile, Date.parse('2026-03-02T15:00:00Z'))).toBeCloseTo(52, 9);
    expect(requestsPerSecondAt(profile, Date.parse('2026-03-02T03:00:00Z'))).toBeCloseTo(28, 9);
    expect(requestsPerSecondAt(profile, Date.parse('2026-03-02T09:00:00Z'))).toBeCloseTo(40, 9);
  });
});

describe('trafficFor', () => {
  it('gives whole counts, good at most total, near rate × seconds (±5 % jitter)', () => {
    const rng = createRng(1);
    const peak = Date.parse('2026-03-02T15:00:00Z') - 2500;
    for (let i = 0; i < 200; i++) {
      const { good, total } = trafficFor({
        slo: payment,
        profile: profileFor('payment'),
        tickStartMs: peak,
        tickMs: 5000,
        rng,
      });
      expect(Number.isInteger(good) && Number.isInteger(total)).toBe(true);
      expect(good).toBeLessThanOrEqual(total);
      // 52 rps × 5 s = 260, jitter ±5 % → 247..273, plus one for rounding up.
      expect(total).toBeGreaterThanOrEqual(247);
      expect(total).toBeLessThanOrEqual(274);
    }
  });

  it('replays the same traffic from the same seed and differs with another', () => {
    const counts = (seed: number) => {
      const rng = createRng(seed);
      return [0, 1, 2].map((i) =>
        trafficFor({
          slo: payment,
          profile: profileFor('payment'),
          tickStartMs: noon + i * 5000,
          tickMs: 5000,
          rng,
        }),
      );
    };
    expect(counts(3)).toEqual(counts(3));
    expect(counts(3)).not.toEqual(counts(4));
  });

  it('keeps a simulated hour of normal payment traffic within budget', () => {
    const hour = simulate(payment, noon - HOUR_MS, noon);
    // 40 · (1 + 0.3 · cos(2π · −3.5 / 24)) = 47.3 rps at 11:30 → ~170 000 requests, ~34 errors: burn ≈ 0.4.
    expect(hour.total).toBeGreaterThan(160_000);
    expect(hour.burn).toBeLessThan(1);
  });

  it('burns simulated payment traffic far above 14.4 over the 5m before recovery', () => {
    const recoveryMs = noon + 7 * MINUTE_MS;
    const window = simulate(payment, recoveryMs - 5 * MINUTE_MS, recoveryMs, noon);
    // 0.9 of requests fail: burn ≈ 1800.
    expect(window.burn).toBeGreaterThan(1700);
  });
});
