import { describe, expect, it } from 'vitest';
import { type DeliveryDeploy, deliveryFigures, quantile } from './delivery.ts';

const H = 3_600;
const deploy = (
  id: number,
  outcome: DeliveryDeploy['outcome'],
  leadTimeSeconds: number | null,
  caused: DeliveryDeploy['causedIncidents'] = [],
): DeliveryDeploy => ({
  id,
  startedMs: id * 1000,
  outcome,
  leadTimeSeconds,
  causedIncidents: caused,
});

describe('DORA figures', () => {
  it('match a history computed by hand', () => {
    // Ten days, seven deploys: 4 succeeded (lead 0.5 h, 2 h, 24 h, 4 h), one rolled back, one failed, one
    // running; the 24 h one caused an incident restored in 45 min.
    const figures = deliveryFigures(
      [
        deploy(1, 'succeeded', 0.5 * H),
        deploy(2, 'succeeded', 2 * H),
        deploy(3, 'rolled_back', null),
        deploy(4, 'succeeded', 24 * H, [{ id: 9, startedMs: 0, resolvedMs: 45 * 60_000 }]),
        deploy(5, 'failed', null),
        deploy(6, 'succeeded', 4 * H),
        deploy(7, null, null),
      ],
      10,
    );
    expect(figures).toEqual({
      deploys: 7,
      // 4 succeeded / 10 days = 0.4 a day: between monthly and daily → high.
      deploymentFrequency: { succeeded: 4, perDay: 0.4, band: 'high' },
      // Sorted 0.5, 2, 4, 24 h: median (2 + 4) / 2 = 3 h → high; p90 at rank 2.7: 4 + 0.7 × 20 = 18 h.
      leadTime: { count: 4, medianSeconds: 3 * H, p90Seconds: expect.closeTo(18 * H, 6), band: 'high' },
      // Rolled back (3) and incident-causing (4) of the 6 that ended: 33 % → low.
      changeFailureRate: { failed: 2, total: 6, rate: 2 / 6, band: 'low' },
      timeToRestore: { count: 1, medianSeconds: 45 * 60, band: 'elite' },
    });
  });

  it('says nothing about a metric it has no data for', () => {
    expect(deliveryFigures([], 30)).toEqual({
      deploys: 0,
      deploymentFrequency: { succeeded: 0, perDay: 0, band: null },
      leadTime: { count: 0, medianSeconds: null, p90Seconds: null, band: null },
      changeFailureRate: { failed: 0, total: 0, rate: null, band: null },
      timeToRestore: { count: 0, medianSeconds: null, band: null },
    });
  });

  it('puts each boundary in one band, the gaps of the seed’s table in the better one', () => {
    const bands = (perDay: number) =>
      deliveryFigures(
        Array.from({ length: Math.round(perDay * 365) }, (_, i) => deploy(i, 'succeeded', null)),
        365,
      ).deploymentFrequency.band;
    expect([bands(1), bands(0.5), bands(12 / 365), bands(2 / 365), bands(1 / 365)]).toEqual([
      'elite',
      'high',
      'high',
      'medium',
      'low',
    ]);
    const lead = (seconds: number) => deliveryFigures([deploy(1, 'succeeded', seconds)], 1).leadTime.band;
    expect([lead(H - 1), lead(H), lead(12 * H), lead(7 * 24 * H), lead(30 * 24 * H)]).toEqual([
      'elite',
      'high',
      'high',
      'medium',
      'low',
    ]);
    expect(quantile([5], 0.9)).toBe(5);
  });
});
