import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import type { FleetSlo } from './profiles.ts';
import { profileFor } from './profiles.ts';
import { paymentPoolLeak, phaseAt, scheduleScenario, strengthOver } from './scenario.ts';
import { badRatioOver } from './traffic.ts';

const demoStartMs = Date.parse('2026-03-02T12:00:00Z');
const run = scheduleScenario(paymentPoolLeak(), demoStartMs);
const leakMs = demoStartMs + MINUTE_MS;
const recoveryMs = leakMs + 6 * MINUTE_MS;
const slo = (service: string, sli = 'availability'): FleetSlo => ({
  name: `${service}-${sli}`,
  service,
  labels: { sli },
});

/** Burn over [fromMs, toMs) with steady traffic: the mean bad ratio over the budget. */
function burn(service: string, objective: number, fromMs: number, toMs: number): number {
  const ratio = badRatioOver({
    slo: slo(service),
    profile: profileFor(service),
    fromMs,
    toMs,
    scenario: run,
  });
  return ratio / ((100 - objective) / 100);
}

describe('paymentPoolLeak', () => {
  it('starts a minute after the demo, is exhausted a minute later and recovers six minutes after the start', () => {
    expect(phaseAt(run, leakMs - 1)).toBe('before');
    expect(phaseAt(run, leakMs)).toBe('degrading');
    expect(phaseAt(run, leakMs + MINUTE_MS)).toBe('failing');
    expect(phaseAt(run, recoveryMs - 1)).toBe('failing');
    expect(phaseAt(run, recoveryMs)).toBe('recovered');
  });

  it('ramps linearly: the first half-minute averages a quarter of full strength', () => {
    // ∫₀³⁰ t/60 dt = 7.5 s over 30 s.
    expect(strengthOver(run, leakMs, leakMs + 30_000)).toBeCloseTo(0.25, 12);
    expect(strengthOver(run, leakMs, leakMs + MINUTE_MS)).toBeCloseTo(0.5, 12);
    // 20 s at full strength, then 20 s recovered.
    expect(strengthOver(run, recoveryMs - 20_000, recoveryMs + 20_000)).toBeCloseTo(0.5, 12);
    expect(strengthOver(run, demoStartMs, leakMs)).toBe(0);
  });

  it('hits payment hardest, order in part and the gateway a little; others not at all', () => {
    const full = { fromMs: leakMs + 2 * MINUTE_MS, toMs: leakMs + 3 * MINUTE_MS, scenario: run };
    const ratio = (service: string, sli = 'availability') =>
      badRatioOver({ slo: slo(service, sli), profile: profileFor(service), ...full });
    expect(ratio('payment')).toBeCloseTo(0.9, 12);
    expect(ratio('payment', 'latency')).toBeCloseTo(0.95, 12);
    expect(ratio('order')).toBeCloseTo(0.15, 12);
    expect(ratio('api-gateway')).toBeCloseTo(0.03, 12);
    expect(ratio('inventory')).toBeCloseTo(0.00005, 12);
  });

  it('keeps baseline traffic well within budget: 0.0025 % errors on 99.95 % burns 0.05', () => {
    expect(burn('payment', 99.95, demoStartMs - HOUR_MS, demoStartMs)).toBeCloseTo(0.05, 9);
    expect(burn('inventory', 99.9, demoStartMs - HOUR_MS, demoStartMs)).toBeCloseTo(0.05, 9);
  });

  it('burns payment far above 14.4 over 5m and 1h one minute in, so the page fires', () => {
    // 5m: (4·0.000025 + 0.000025 + 0.5·0.899975) / 5 = 0.0900225 → 180.045.
    expect(burn('payment', 99.95, leakMs + MINUTE_MS - 5 * MINUTE_MS, leakMs + MINUTE_MS)).toBeCloseTo(
      180.045,
      6,
    );
    // 1h: (59·0.000025 + 0.4500125) / 60 = 0.00752479 → 15.0496.
    expect(burn('payment', 99.95, leakMs + MINUTE_MS - HOUR_MS, leakMs + MINUTE_MS)).toBeCloseTo(15.0496, 3);
    // Full strength, the five minutes before recovery: 0.9 / 0.0005.
    expect(burn('payment', 99.95, recoveryMs - 5 * MINUTE_MS, recoveryMs)).toBeCloseTo(1800, 6);
  });

  it('lets burn(5m) of payment fall to 14.4 or below five minutes after recovery, resolving the page', () => {
    // 4.9 min after: (0.1·0.9 + 4.9·0.000025) / 5 = 0.0180245 → 36.049, still firing.
    const late = recoveryMs + 4.9 * MINUTE_MS;
    expect(burn('payment', 99.95, late - 5 * MINUTE_MS, late)).toBeCloseTo(36.049, 3);
    const after = recoveryMs + 5 * MINUTE_MS;
    expect(burn('payment', 99.95, after - 5 * MINUTE_MS, after)).toBeCloseTo(0.05, 9);
  });

  it('pages order but keeps its 6h burn under 6, so its page resolves with the 5m window too', () => {
    // 1h at recovery: (54·0.000025 + 0.0750125 + 5·0.15) / 60 = 0.0137727 → 27.545 > 14.4.
    expect(burn('order', 99.95, recoveryMs - HOUR_MS, recoveryMs)).toBeCloseTo(27.5454, 3);
    // 6h at recovery: (354·0.000025 + 0.0750125 + 0.75) / 360 = 0.0023163 → 4.633 ≤ 6.
    expect(burn('order', 99.95, recoveryMs - 6 * HOUR_MS, recoveryMs)).toBeCloseTo(4.6326, 3);
  });

  it('spends some gateway budget without paging: its 1h burn peaks at 5.55', () => {
    // (54·0.000025 + 0.000025 + 0.5·0.029975 + 5·0.03) / 60 = 0.00277271.
    expect(burn('api-gateway', 99.95, recoveryMs - HOUR_MS, recoveryMs)).toBeCloseTo(5.5454, 3);
  });

  it('takes its start and duration from options', () => {
    const custom = scheduleScenario(paymentPoolLeak({ startAfterMs: 0, durationMs: 2 * MINUTE_MS }), 0);
    expect([custom.startMs, custom.fullMs, custom.endMs]).toEqual([0, MINUTE_MS, 2 * MINUTE_MS]);
  });
});
