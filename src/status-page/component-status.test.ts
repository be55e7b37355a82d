import { describe, expect, it } from 'vitest';
import type { DegradeOn } from '../specs/index.ts';
import {
  type ComponentOverride,
  deriveComponentStatus,
  type MaintenanceWindow,
  type ServiceAlerts,
  type StatusIncident,
  worstStatus,
} from './component-status.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const HOUR = 3_600_000;
const checkout = { name: 'checkout', services: ['checkout-api', 'payments'] };

function statusOf(
  input: {
    incidents?: StatusIncident[];
    alerts?: Record<string, ServiceAlerts>;
    maintenances?: MaintenanceWindow[];
    override?: ComponentOverride;
    degradeOn?: DegradeOn;
  } = {},
) {
  return deriveComponentStatus({
    component: checkout,
    degradeOn: input.degradeOn ?? 'page',
    incidents: input.incidents ?? [],
    alertsByService: new Map(Object.entries(input.alerts ?? {})),
    maintenances: input.maintenances ?? [],
    override: input.override,
    nowMs: NOW,
  });
}

const incident = (
  severity: StatusIncident['severity'],
  overrides: Partial<StatusIncident> = {},
): StatusIncident => ({
  severity,
  status: 'investigating',
  services: ['payments'],
  ...overrides,
});

const maintenance = (overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow => ({
  components: ['checkout'],
  startMs: NOW - HOUR,
  endMs: NOW + HOUR,
  cancelledMs: null,
  ...overrides,
});

describe('deriveComponentStatus', () => {
  it('is operational with nothing going on', () => {
    expect(statusOf()).toEqual({ status: 'operational', derived: 'operational', overridden: false });
  });

  it('maps open incidents on its services by severity; SEV4 has no effect', () => {
    expect(statusOf({ incidents: [incident('SEV1')] }).status).toBe('major_outage');
    expect(statusOf({ incidents: [incident('SEV2')] }).status).toBe('partial_outage');
    expect(statusOf({ incidents: [incident('SEV3')] }).status).toBe('degraded_performance');
    expect(statusOf({ incidents: [incident('SEV4')] }).status).toBe('operational');
  });

  it('ignores incidents on other services and resolved incidents', () => {
    expect(statusOf({ incidents: [incident('SEV1', { services: ['search'] })] }).status).toBe('operational');
    expect(statusOf({ incidents: [incident('SEV1', { status: 'resolved' })] }).status).toBe('operational');
  });

  it('caps an incident in monitoring at degraded performance', () => {
    expect(statusOf({ incidents: [incident('SEV1', { status: 'monitoring' })] }).status).toBe(
      'degraded_performance',
    );
    expect(statusOf({ incidents: [incident('SEV4', { status: 'monitoring' })] }).status).toBe('operational');
  });

  it('takes the worst of several incidents', () => {
    const incidents = [incident('SEV3'), incident('SEV1', { status: 'monitoring' }), incident('SEV2')];
    expect(statusOf({ incidents }).status).toBe('partial_outage');
  });

  it('shows a firing page alert as a partial outage, on its own services only', () => {
    expect(statusOf({ alerts: { payments: { page: true, ticket: true } } }).status).toBe('partial_outage');
    expect(statusOf({ alerts: { search: { page: true, ticket: false } } }).status).toBe('operational');
  });

  it('shows operational after the all-clear while only slow-burn ticket alerts still fire', () => {
    // The incident is resolved and the fast burn is over; the 3-day ticket alert fires on for hours.
    const afterAllClear = {
      incidents: [incident('SEV2', { status: 'resolved' })],
      alerts: { payments: { page: false, ticket: true } },
    };
    expect(statusOf(afterAllClear)).toEqual({
      status: 'operational',
      derived: 'operational',
      overridden: false,
    });
  });

  it('shows a ticket alert as degraded when the page degrades on tickets', () => {
    const alerts = { 'checkout-api': { page: false, ticket: true } };
    expect(statusOf({ alerts, degradeOn: 'ticket' }).status).toBe('degraded_performance');
    expect(statusOf({ alerts: { payments: { page: true, ticket: true } }, degradeOn: 'ticket' }).status).toBe(
      'partial_outage',
    );
  });

  it('shows active maintenance over operational and degraded, never over an outage', () => {
    expect(statusOf({ maintenances: [maintenance()] }).status).toBe('under_maintenance');
    expect(statusOf({ maintenances: [maintenance()], incidents: [incident('SEV3')] }).status).toBe(
      'under_maintenance',
    );
    expect(statusOf({ maintenances: [maintenance()], incidents: [incident('SEV2')] }).status).toBe(
      'partial_outage',
    );
    expect(statusOf({ maintenances: [maintenance()], incidents: [incident('SEV1')] }).status).toBe(
      'major_outage',
    );
  });

  it('counts maintenance only from start to end, for its components, unless cancelled', () => {
    expect(statusOf({ maintenances: [maintenance({ startMs: NOW + 1 })] }).status).toBe('operational');
    expect(statusOf({ maintenances: [maintenance({ endMs: NOW })] }).status).toBe('operational');
    expect(statusOf({ maintenances: [maintenance({ startMs: NOW })] }).status).toBe('under_maintenance');
    expect(statusOf({ maintenances: [maintenance({ components: ['search'] })] }).status).toBe('operational');
    expect(statusOf({ maintenances: [maintenance({ cancelledMs: NOW - 1 })] }).status).toBe('operational');
  });

  it('lets a live override replace the derived status entirely, and reports both', () => {
    const override: ComponentOverride = { status: 'operational', untilMs: NOW + 1 };
    expect(statusOf({ incidents: [incident('SEV1')], override })).toEqual({
      status: 'operational',
      derived: 'major_outage',
      overridden: true,
    });
    expect(statusOf({ override: { status: 'major_outage', untilMs: null } }).status).toBe('major_outage');
  });

  it('ignores an override past its until', () => {
    expect(statusOf({ override: { status: 'major_outage', untilMs: NOW } })).toEqual({
      status: 'operational',
      derived: 'operational',
      overridden: false,
    });
  });
});

describe('worstStatus', () => {
  it('orders operational < degraded < maintenance < partial < major', () => {
    expect(worstStatus([])).toBe('operational');
    expect(worstStatus(['degraded_performance', 'under_maintenance'])).toBe('under_maintenance');
    expect(worstStatus(['major_outage', 'partial_outage', 'operational'])).toBe('major_outage');
  });
});
