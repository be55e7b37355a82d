import { describe, expect, it } from 'vitest';
import type { Service } from '../specs/index.ts';
import { blastRadius } from './blast-radius.ts';

function service(name: string, dependsOn: string[] = []): Service {
  return {
    name,
    tier: 2,
    lifecycle: 'production',
    dependsOn,
    links: [],
    tags: [],
    origin: 'nines',
    source: { file: 'services.yaml', line: 1, col: 1 },
  };
}

// api-gateway -> checkout -> payment -> payment-db; search -> catalog; fraud -> payment
const graph = [
  service('api-gateway', ['checkout', 'search']),
  service('checkout', ['payment', 'inventory']),
  service('payment', ['payment-db']),
  service('payment-db'),
  service('fraud', ['payment']),
  service('search', ['catalog']),
  service('catalog'),
  service('inventory'),
];

describe('blastRadius', () => {
  it('reaches every service that calls an affected one, directly or through others', () => {
    expect(blastRadius(['payment'], graph)).toEqual(['api-gateway', 'checkout', 'fraud']);
  });

  it('starts from a leaf database and climbs the whole chain', () => {
    expect(blastRadius(['payment-db'], graph)).toEqual(['api-gateway', 'checkout', 'fraud', 'payment']);
  });

  it('leaves out the affected services themselves and unions several of them', () => {
    expect(blastRadius(['payment', 'checkout'], graph)).toEqual(['api-gateway', 'fraud']);
    expect(blastRadius(['catalog', 'inventory'], graph)).toEqual(['api-gateway', 'checkout', 'search']);
  });

  it('is empty for a service nobody calls and survives a dependency cycle', () => {
    expect(blastRadius(['api-gateway'], graph)).toEqual([]);
    const cycle = [service('a', ['b']), service('b', ['a']), service('c', ['a'])];
    expect(blastRadius(['a'], cycle)).toEqual(['b', 'c']);
  });
});
