import { emptyModel, type Model, type StatusPage } from '../specs/index.ts';
import type { StatusFacts } from '../status-page/status-facts.ts';
import { makeService } from './alerting-fixtures.ts';
import { makeSlo } from './slo-fixtures.ts';

/** Internal names that must never reach the public page (services, SLOs, labels, component keys). */
export const INTERNAL_NAMES = [
  'pay-svc-internal',
  'checkout-svc-internal',
  'search-svc-internal',
  'payments-availability-slo',
  'checkout-latency-slo',
  'team-secret-label',
  'shop-checkout',
  'shop-search',
];

export const statusPage = (overrides: Partial<StatusPage> = {}): StatusPage => ({
  name: 'public',
  title: 'Acme Status',
  description: 'Live status of Acme services',
  components: [
    {
      name: 'shop-checkout',
      displayName: 'Checkout',
      description: 'Buying things',
      group: 'Shop',
      services: ['checkout-svc-internal', 'pay-svc-internal'],
    },
    { name: 'shop-search', displayName: 'Search', services: ['search-svc-internal'] },
  ],
  degradeOn: 'page',
  origin: 'nines',
  source: { file: 'status.yaml', line: 1, col: 1 },
  ...overrides,
});

/** Three services, one event-fed SLO each (99.9 %, 99.9 %, 99 %), and the status page above. */
export function statusModel(): Model {
  return {
    ...emptyModel(),
    services: ['checkout-svc-internal', 'pay-svc-internal', 'search-svc-internal'].map((name) =>
      makeService(name),
    ),
    slos: [
      makeSlo({ name: 'checkout-latency-slo', service: 'checkout-svc-internal' }),
      makeSlo({
        name: 'payments-availability-slo',
        service: 'pay-svc-internal',
        labels: { team: 'team-secret-label' },
      }),
      makeSlo({ name: 'search-availability-slo', service: 'search-svc-internal', objective: 99 }),
    ],
    statusPages: [statusPage()],
  };
}

/** Facts with nothing going on, at `nowMs`; override what a test needs. */
export function quietFacts(nowMs: number, overrides: Partial<StatusFacts> = {}): StatusFacts {
  return {
    page: statusPage(),
    incidents: [],
    updates: [],
    feedUpdates: [],
    maintenances: [],
    overrides: [],
    alertsByService: new Map(),
    uptime: new Map(),
    nowMs,
    ...overrides,
  };
}
