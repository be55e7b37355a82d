import { describe, expect, it } from 'vitest';
import type { Integration } from '../specs/index.ts';
import { makeAlert, makeRoute, makeService, makeTeam } from '../testing/alerting-fixtures.ts';
import { routeAlert } from './route.ts';

const services = [
  makeService('orders', { owner: 'commerce', tier: 2 }),
  makeService('payments', { owner: 'payments-team', tier: 1 }),
  makeService('legacy', { tier: 3 }),
];
const teams = [
  makeTeam('commerce', { escalationPolicy: 'commerce-oncall' }),
  makeTeam('payments-team', { escalationPolicy: 'payments-oncall' }),
];

describe('routeAlert', () => {
  it('falls back to the service label, its owner team and that team’s policy', () => {
    const routed = routeAlert({
      alert: makeAlert({ sourceSeverity: 'critical' }),
      routes: [],
      services,
      teams,
    });
    expect(routed).toEqual({
      service: 'orders',
      team: 'commerce',
      severity: 'P1',
      escalationPolicy: 'commerce-oncall',
      route: null,
    });
  });

  it('lets the first matching route decide, and only what it sets', () => {
    const routes = [
      makeRoute('staging-quiet', [{ label: 'env', op: '=', value: 'staging' }], { severity: 'P4' }),
      makeRoute('db-to-payments', [{ label: 'alertname', op: '=~', value: 'Postgres.*' }], {
        service: 'payments',
      }),
      makeRoute('all-db', [{ label: 'alertname', op: '=~', value: 'Postgres.*' }], {
        severity: 'P0',
        escalationPolicy: 'dba',
      }),
    ];
    const alert = makeAlert({
      labels: { alertname: 'PostgresDown', service: 'orders' },
      sourceSeverity: 'error',
    });
    expect(routeAlert({ alert, routes, services, teams })).toEqual({
      service: 'payments',
      team: 'payments-team',
      severity: 'P2',
      escalationPolicy: 'payments-oncall',
      route: 'db-to-payments',
    });
  });

  it('matches regexes in full and honours !~', () => {
    const routes = [
      makeRoute('not-prod', [{ label: 'env', op: '!~', value: 'prod|production' }], { severity: 'P4' }),
      makeRoute('partial', [{ label: 'alertname', op: '=~', value: 'Error' }], { severity: 'P0' }),
    ];
    const prod = makeAlert({ labels: { alertname: 'HighErrorRate', service: 'orders', env: 'production' } });
    const staging = makeAlert({ labels: { alertname: 'HighErrorRate', service: 'orders', env: 'prod-eu' } });
    expect(routeAlert({ alert: prod, routes, services, teams })).toMatchObject({
      route: null,
      severity: 'P3',
    });
    expect(routeAlert({ alert: staging, routes, services, teams })).toMatchObject({
      route: 'not-prod',
      severity: 'P4',
    });
  });

  it('treats a route without matchers as a catch-all', () => {
    const routes = [makeRoute('default', [], { escalationPolicy: 'sre-catch-all' })];
    const alert = makeAlert({ labels: { alertname: 'Odd' } });
    expect(routeAlert({ alert, routes, services, teams })).toEqual({
      service: null,
      team: null,
      severity: 'P3',
      escalationPolicy: 'sre-catch-all',
      route: 'default',
    });
  });

  it('ignores a service label that names no known service, using the integration’s service', () => {
    const integrations: Integration[] = [
      {
        name: 'prod-alertmanager',
        kind: 'alertmanager',
        service: 'payments',
        labels: {},
        origin: 'nines',
        source: { file: 'test.yaml', line: 1, col: 1 },
      },
    ];
    const alert = makeAlert({ labels: { alertname: 'X', service: 'nope' } });
    expect(routeAlert({ alert, routes: [], services, teams })).toMatchObject({ service: null, team: null });
    expect(routeAlert({ alert, routes: [], services, teams, integrations })).toMatchObject({
      service: 'payments',
      team: 'payments-team',
      escalationPolicy: 'payments-oncall',
    });
  });

  it('uses the routed service’s tier for an SLO page’s default severity', () => {
    const alert = makeAlert({
      source: 'slo',
      integration: null,
      sourceSeverity: 'page',
      labels: { service: 'orders', severity: 'page' },
    });
    const toPayments = [makeRoute('to-payments', [], { service: 'payments' })];
    expect(routeAlert({ alert, routes: [], services, teams }).severity).toBe('P1');
    expect(routeAlert({ alert, routes: toPayments, services, teams }).severity).toBe('P0');
  });

  it('leaves team and policy empty for a service without an owner', () => {
    const alert = makeAlert({ labels: { service: 'legacy' } });
    expect(routeAlert({ alert, routes: [], services, teams })).toMatchObject({
      service: 'legacy',
      team: null,
      escalationPolicy: null,
    });
  });
});
