import { describe, expect, it } from 'vitest';
import { makeService } from '../testing/alerting-fixtures.ts';
import { upstreamCause } from './dependency-suppression.ts';

const services = [
  makeService('api-gateway', { dependsOn: ['order', 'auth'] }),
  makeService('order', { dependsOn: ['payment', 'inventory'] }),
  makeService('payment', { dependsOn: ['ledger'] }),
  makeService('auth'),
  makeService('inventory'),
  makeService('ledger'),
];

function cause(service: string, paging: string[]) {
  return upstreamCause({ service, services, pagingServices: new Set(paging) });
}

describe('upstreamCause', () => {
  it('attaches order’s and api-gateway’s alerts to a paging payment, through the graph', () => {
    expect(cause('order', ['payment'])).toBe('payment');
    expect(cause('api-gateway', ['payment'])).toBe('payment');
  });

  it('returns null when no dependency pages, and never the service itself', () => {
    expect(cause('payment', ['payment'])).toBeNull();
    expect(cause('payment', ['order', 'api-gateway'])).toBeNull();
    expect(cause('ledger', [])).toBeNull();
  });

  it('prefers the closest paging dependency', () => {
    expect(cause('api-gateway', ['ledger', 'order'])).toBe('order');
    expect(cause('api-gateway', ['ledger', 'payment'])).toBe('payment');
  });

  it('breaks ties at the same distance by name', () => {
    expect(cause('api-gateway', ['order', 'auth'])).toBe('auth');
    expect(cause('order', ['payment', 'inventory'])).toBe('inventory');
  });

  it('survives cycles and dependencies missing from the catalog', () => {
    const cyclic = [
      makeService('a', { dependsOn: ['b'] }),
      makeService('b', { dependsOn: ['a', 'external-dns'] }),
    ];
    expect(upstreamCause({ service: 'a', services: cyclic, pagingServices: new Set(['c']) })).toBeNull();
    expect(upstreamCause({ service: 'a', services: cyclic, pagingServices: new Set(['external-dns']) })).toBe(
      'external-dns',
    );
  });
});
