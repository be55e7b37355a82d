import { describe, expect, it } from 'vitest';
import type { AlertTransition } from '../slo/index.ts';
import { fromSloTransition } from './slo-alerts.ts';

const burnRates = { '5m': 20, '30m': 16, '1h': 15.25, '2h': 9, '6h': 4, '1d': 2, '3d': 1 };
const atMs = Date.UTC(2026, 10, 20, 14, 0, 0);

function transition(overrides: Partial<AlertTransition>): AlertTransition {
  return {
    severity: 'page',
    state: 'firing',
    atMs,
    burnRates,
    condition: { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
    reason: null,
    ...overrides,
  };
}

describe('fromSloTransition', () => {
  it('makes a firing page alert keyed by SLO and severity', () => {
    const alert = fromSloTransition({
      slo: 'checkout-availability',
      service: 'checkout',
      transition: transition({}),
      labels: { team: 'payments', severity: 'critical' },
    });
    expect(alert).toEqual({
      source: 'slo',
      integration: null,
      fingerprint: 'slo:checkout-availability:page',
      groupKey: 'slo:checkout-availability:page',
      status: 'firing',
      labels: {
        team: 'payments',
        alertname: 'ErrorBudgetBurn',
        slo: 'checkout-availability',
        service: 'checkout',
        severity: 'page',
      },
      annotations: {},
      summary:
        'checkout-availability: burning its error budget at 15.25x over 1h (threshold 14.4x over 1h and 5m)',
      sourceSeverity: 'page',
      startsAtMs: atMs,
      endsAtMs: null,
      links: [],
    });
  });

  it('ends a resolved ticket alert at the transition, started when it fired', () => {
    const alert = fromSloTransition({
      slo: 'checkout-availability',
      service: 'checkout',
      transition: transition({ severity: 'ticket', state: 'resolved', condition: null }),
      labels: {},
      alertName: 'CheckoutBudgetBurn',
      firedAtMs: atMs - 7_200_000,
    });
    expect(alert).toMatchObject({
      fingerprint: 'slo:checkout-availability:ticket',
      status: 'resolved',
      labels: { alertname: 'CheckoutBudgetBurn', severity: 'ticket' },
      summary: 'checkout-availability: error budget burn is back under the ticket threshold',
      startsAtMs: atMs - 7_200_000,
      endsAtMs: atMs,
    });
  });

  it('names a no-data alert SloNoData and carries its reason', () => {
    const alert = fromSloTransition({
      slo: 'checkout-availability',
      service: 'checkout',
      transition: transition({ severity: 'no_data', condition: null, reason: 'no data since 13:50' }),
      labels: {},
      alertName: 'CheckoutBudgetBurn',
    });
    expect(alert).toMatchObject({
      fingerprint: 'slo:checkout-availability:no_data',
      labels: { alertname: 'SloNoData', severity: 'no_data' },
      annotations: { reason: 'no data since 13:50' },
      summary: 'checkout-availability: no data (no data since 13:50)',
    });
  });
});
