import { describe, expect, it } from 'vitest';
import { quietFacts, statusPage } from '../testing/status-page-fixtures.ts';
import { buildFeedEntries } from './feed-entries.ts';
import { buildPublicStatus } from './public-status.ts';
import type { IncidentFacts, MaintenanceFacts } from './status-facts.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const incident = (overrides: Partial<IncidentFacts> = {}): IncidentFacts => ({
  id: 7,
  severity: 'SEV2',
  status: 'identified',
  services: ['pay-svc-internal'],
  publicTitle: null,
  startedMs: NOW - HOUR,
  resolvedMs: null,
  ...overrides,
});

const maintenance = (overrides: Partial<MaintenanceFacts> = {}): MaintenanceFacts => ({
  id: 3,
  title: 'Database upgrade',
  description: 'Short read-only periods.',
  components: ['shop-checkout', 'gone-component'],
  startMs: NOW + DAY,
  endMs: NOW + DAY + 2 * HOUR,
  createdMs: NOW - DAY,
  cancelledMs: null,
  ...overrides,
});

describe('buildPublicStatus', () => {
  it('shows only display names, descriptions and groups of components', () => {
    const status = buildPublicStatus(quietFacts(NOW));
    expect(status.components.map(({ uptime: _uptime, ...rest }) => rest)).toEqual([
      {
        displayName: 'Checkout',
        description: 'Buying things',
        group: 'Shop',
        status: 'operational',
        statusLabel: 'Operational',
      },
      { displayName: 'Search', status: 'operational', statusLabel: 'Operational' },
    ]);
    expect(status.status).toEqual({ indicator: 'operational', description: 'All systems operational' });
  });

  it('says "All systems operational" after the all-clear while slow-burn ticket alerts still fire', () => {
    const afterAllClear = {
      incidents: [incident({ status: 'resolved', resolvedMs: NOW - HOUR / 2 })],
      alertsByService: new Map([['pay-svc-internal', { page: false, ticket: true }]]),
    };
    expect(buildPublicStatus(quietFacts(NOW, afterAllClear)).status).toEqual({
      indicator: 'operational',
      description: 'All systems operational',
    });
    // A page that asks to degrade on tickets shows them.
    const onTickets = quietFacts(NOW, { ...afterAllClear, page: statusPage({ degradeOn: 'ticket' }) });
    expect(buildPublicStatus(onTickets).status).toEqual({
      indicator: 'degraded_performance',
      description: 'Degraded performance',
    });
  });

  it('renders "Status" without components when no StatusPage is configured', () => {
    const status = buildPublicStatus(quietFacts(NOW, { page: undefined }));
    expect(status.title).toBe('Status');
    expect(status.components).toEqual([]);
  });

  it('titles an incident with its public title, or generically by severity and components', () => {
    const titled = buildPublicStatus(
      quietFacts(NOW, { incidents: [incident({ publicTitle: '  Payments are slow ' })] }),
    );
    expect(titled.incidents.active[0]?.title).toBe('Payments are slow');
    const sev1 = buildPublicStatus(
      quietFacts(NOW, {
        incidents: [incident({ severity: 'SEV1', services: ['pay-svc-internal', 'search-svc-internal'] })],
      }),
    );
    expect(sev1.incidents.active[0]).toMatchObject({
      title: 'Service disruption affecting Checkout and Search',
      components: ['Checkout', 'Search'],
    });
    const sev3 = buildPublicStatus(
      quietFacts(NOW, { incidents: [incident({ severity: 'SEV3', services: ['x'] })] }),
    );
    expect(sev3.incidents.active[0]?.title).toBe('Degraded performance');
  });

  it('derives component status from open public incidents, and the overall status from the worst', () => {
    const status = buildPublicStatus(quietFacts(NOW, { incidents: [incident({ severity: 'SEV2' })] }));
    expect(status.components.map((c) => c.status)).toEqual(['partial_outage', 'operational']);
    expect(status.status).toEqual({ indicator: 'partial_outage', description: 'Partial outage' });
  });

  it('lists updates newest first and keeps resolved incidents for 7 days under past', () => {
    const facts = quietFacts(NOW, {
      incidents: [
        incident({ id: 1, status: 'resolved', resolvedMs: NOW - 7 * DAY }),
        incident({ id: 2, status: 'resolved', resolvedMs: NOW - 7 * DAY - 1 }),
        incident({ id: 3 }),
      ],
      updates: [
        { id: 10, incidentId: 3, atMs: NOW - 50 * 60_000, status: 'investigating', message: 'Looking.' },
        { id: 11, incidentId: 3, atMs: NOW - 20 * 60_000, status: 'identified', message: 'Found it.' },
      ],
    });
    const status = buildPublicStatus(facts);
    expect(status.incidents.active.map((i) => i.id)).toEqual([3]);
    expect(status.incidents.active[0]?.updates.map((u) => u.message)).toEqual(['Found it.', 'Looking.']);
    expect(status.incidents.past.map((i) => i.id)).toEqual([1]);
    expect(status.components[0]?.status).toBe('partial_outage');
  });

  it('lists upcoming and running maintenance with display names, not cancelled or finished ones', () => {
    const status = buildPublicStatus(
      quietFacts(NOW, {
        maintenances: [
          maintenance(),
          maintenance({ id: 4, startMs: NOW - HOUR, endMs: NOW + HOUR }),
          maintenance({ id: 5, cancelledMs: NOW - HOUR }),
          maintenance({ id: 6, startMs: NOW - 2 * HOUR, endMs: NOW }),
        ],
      }),
    );
    expect(status.maintenances.map((m) => [m.id, m.inProgress, m.components])).toEqual([
      [4, true, ['Checkout']],
      [3, false, ['Checkout']],
    ]);
    expect(status.components[0]?.status).toBe('under_maintenance');
  });

  it('computes the 90-day bars from tallies, with today last', () => {
    const today = Math.floor(NOW / DAY);
    const status = buildPublicStatus(
      quietFacts(NOW, {
        uptime: new Map([['shop-checkout', new Map([[today, { counted: 1380, down: 10, partial: 20 }]])]]),
      }),
    );
    const [checkout, search] = status.components;
    expect(checkout?.uptime.days).toHaveLength(90);
    // 1364 / 1380 = 98.84057…, truncated to 4 decimals.
    expect(checkout?.uptime.days[89]).toEqual({ date: '2026-03-02', uptimePercent: 98.8405, worst: 'down' });
    expect(checkout?.uptime.totalPercent).toBe(98.8405);
    expect(search?.uptime.totalPercent).toBeNull();
  });
});

describe('buildFeedEntries', () => {
  it('has one entry per public update and per maintenance, newest first', () => {
    const entries = buildFeedEntries(
      quietFacts(NOW, {
        feedUpdates: [
          {
            update: {
              id: 11,
              incidentId: 7,
              atMs: NOW - 10 * 60_000,
              status: 'identified',
              message: 'Found it.',
            },
            incident: incident(),
          },
        ],
        maintenances: [
          maintenance(),
          maintenance({ id: 5, createdMs: NOW - 2 * DAY, cancelledMs: NOW - 5 * 60_000 }),
        ],
      }),
    );
    expect(entries.map((e) => [e.key, e.title])).toEqual([
      ['maintenance/5', 'Maintenance cancelled: Database upgrade'],
      ['incident/7/update/11', 'Service disruption affecting Checkout: Identified'],
      ['maintenance/3', 'Scheduled maintenance: Database upgrade'],
    ]);
    expect(entries[2]?.content).toBe(
      'Short read-only periods.\n\nPlanned 2026-03-03 12:00 UTC to 2026-03-03 14:00 UTC, affecting Checkout.',
    );
  });
});
