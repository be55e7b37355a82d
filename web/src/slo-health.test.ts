import { describe, expect, it } from 'vitest';
import type { Schemas } from './api.ts';
import {
  byRisk,
  changeText,
  healthByService,
  pagesInLast,
  servicesByRisk,
  worstStatus,
} from './slo-health.ts';

type Slo = Schemas['SloStatus'];

function slo(
  name: string,
  service: string,
  status: Slo['status'],
  remaining: number | null,
  ratio: number | null = 0.9995,
): Slo {
  return {
    name,
    spec: name,
    service,
    objective: 99.9,
    window: '30d',
    budgeting: 'occurrences',
    indicator: 'events',
    labels: {},
    sli: { good: null, total: null, ratio },
    errorBudget: { remaining, consumed: remaining === null ? null : 1 - remaining },
    burnRates: { '5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null },
    status,
    reason: null,
    alerts: [],
    budgetWindow: null,
    evaluatedAt: null,
  };
}

describe('SLO health summaries', () => {
  const slos = [
    slo('a', 'shop', 'healthy', 0.9),
    slo('b', 'shop', 'warning', 0.5),
    slo('c', 'pay', 'exhausted', -0.2, 0.998),
    slo('d', 'pay', 'healthy', 0.3),
    slo('e', 'edge', 'no_data', null, null),
  ];

  it('puts exhausted and burning SLOs first, then the lowest budget', () => {
    expect(byRisk(slos).map((s) => s.name)).toEqual(['c', 'b', 'e', 'd', 'a']);
    // A healthy SLO whose page alert fires is burning fast: it goes before the warning one.
    const paging = {
      ...slo('f', 'shop', 'healthy', 0.95),
      alerts: [{ severity: 'page' as const, state: 'firing' as const, since: '2026-12-06T09:00:00Z' }],
    };
    expect(byRisk([...slos, paging]).map((s) => s.name)).toEqual(['c', 'f', 'b', 'e', 'd', 'a']);
    expect(healthByService([paging]).get('shop')).toMatchObject({ alerting: 1, troubled: 1 });
    // A no-data alert is not a burn: it neither raises the rank nor counts as alerting.
    const silent = {
      ...slo('g', 'shop', 'healthy', 0.95),
      alerts: [{ severity: 'no_data' as const, state: 'firing' as const, since: '2026-12-06T09:00:00Z' }],
    };
    expect(healthByService([silent]).get('shop')).toMatchObject({ alerting: 0, troubled: 0 });
    expect(worstStatus(['healthy', 'caution', 'critical'])).toBe('critical');
    expect(worstStatus([])).toBeNull();
  });

  it('summarises each service: count, meeting the objective, worst status, lowest budget', () => {
    const health = healthByService(slos);
    expect(health.get('pay')).toEqual({
      service: 'pay',
      slos: 2,
      meeting: 1,
      troubled: 1,
      alerting: 0,
      worst: 'exhausted',
      lowestBudget: -0.2,
    });
    expect(health.get('edge')).toEqual({
      service: 'edge',
      slos: 1,
      meeting: 0,
      troubled: 1,
      alerting: 0,
      worst: 'no_data',
      lowestBudget: null,
    });
    expect(servicesByRisk(health.values()).map((h) => h.service)).toEqual(['pay', 'shop', 'edge']);
  });

  it('counts pages of the last 24 h by severity against the 24 h before', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const page = (
      id: number,
      hoursAgo: number,
      severity: Schemas['Page']['severity'],
      status: Schemas['Page']['status'],
    ) =>
      ({
        id,
        severity,
        status,
        createdAt: new Date(now - hoursAgo * 3_600_000).toISOString(),
      }) as Schemas['Page'];
    const window = pagesInLast(
      [
        page(4, 1, 'P1', 'triggered'),
        page(3, 5, 'P3', 'resolved'),
        page(2, 30, 'P2', 'resolved'),
        page(1, 50, 'P2', 'resolved'),
      ],
      now,
    );
    expect(window.recent.map((p) => p.id)).toEqual([4, 3]);
    expect(window.bySeverity).toEqual({ P0: 0, P1: 1, P2: 0, P3: 1, P4: 0 });
    expect(window.previous).toBe(1);
    expect(window.open).toBe(1);
    expect(changeText(2, 1, '24 h')).toBe('1 more than the 24 h before (1)');
    expect(changeText(1, 1, '24 h')).toBe('as many as the 24 h before');
  });
});
