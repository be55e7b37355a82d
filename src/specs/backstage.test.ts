import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines, warningLines } from '../testing/specs-fixtures.ts';
import { parseEntityRef } from './backstage.ts';

describe('parseEntityRef', () => {
  it('strips kind and namespace', () => {
    expect(parseEntityRef('group:default/payments')).toEqual({ kind: 'group', name: 'payments' });
    expect(parseEntityRef('Component:pricing')).toEqual({ kind: 'component', name: 'pricing' });
    expect(parseEntityRef('shop/ledger')).toEqual({ name: 'ledger' });
    expect(parseEntityRef('payments')).toEqual({ name: 'payments' });
  });
});

const catalog = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: stock }
spec:
  type: team
  profile: { displayName: Stock team }
  members: [user:default/carla, dan]
---
apiVersion: backstage.io/v1beta1
kind: Component
metadata:
  name: ledger
  title: Ledger
  description: Keeps the books
  annotations:
    nines.dev/tier: "1"
    nines.dev/runbook: https://runbooks/ledger
  labels: { tier: "4" }
  links: [{ url: "https://grafana/ledger", title: Dashboard }, { url: "https://git/ledger" }]
  tags: [java]
spec:
  type: service
  lifecycle: experimental
  owner: group:default/stock
  dependsOn: [component:default/checkout, resource:default/ledger-db, Component:Pricing]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: pricing, labels: { tier: "2" } }
spec: { type: service, lifecycle: beta, owner: stock }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: ledger-api }
spec: { type: openapi, owner: stock }
`;

describe('Backstage catalog', () => {
  it('maps Group to Team and Component to Service', () => {
    const result = loadTexts({ 'catalog-info.yaml': catalog });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.teams[1]).toMatchObject({
      name: 'stock',
      displayName: 'Stock team',
      members: ['carla', 'dan'],
      origin: 'backstage',
    });
    expect(result.model.services[1]).toEqual({
      name: 'ledger',
      displayName: 'Ledger',
      description: 'Keeps the books',
      owner: 'stock',
      tier: 1,
      lifecycle: 'experimental',
      dependsOn: ['checkout', 'pricing'],
      runbook: 'https://runbooks/ledger',
      links: [
        { title: 'Dashboard', url: 'https://grafana/ledger' },
        { title: 'https://git/ledger', url: 'https://git/ledger' },
      ],
      tags: ['java'],
      origin: 'backstage',
      source: { file: 'catalog-info.yaml', line: 12, col: 9 },
    });
  });

  it('reads tier from the tier label and maps unknown lifecycles to production', () => {
    const pricing = loadTexts({ 'catalog-info.yaml': catalog }).model.services[2];
    expect(pricing).toMatchObject({ name: 'pricing', tier: 2, lifecycle: 'production' });
  });

  it('checks owner and dependencies of a Component that fails validation', () => {
    const text = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: search_api }
spec:
  owner: group:default/search
  dependsOn: [component:default/index, resource:default/db, 7, Component:Bad_Name, checkout]
`;
    expect(problemLines(loadTexts({ 'c.yaml': text }))).toEqual([
      'c.yaml:3:19: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
      'c.yaml:5:10: unknown Team "search"',
      'c.yaml:6:15: unknown Service "index"',
      'c.yaml:6:61: expected a string, got number 7',
      'c.yaml:6:64: "bad_name" is not a valid Nines name (lowercase letters, digits, "-")',
    ]);
  });

  it('warns about kinds it does not know and stays silent about the ones Nines ignores', () => {
    const text = 'apiVersion: backstage.io/v1alpha1\nkind: Widget\nmetadata: { name: w }\n';
    const api = 'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: a }\n';
    const result = loadTexts({ 'w.yaml': text, 'a.yaml': api });
    expect(problemLines(result)).toEqual([]);
    expect(warningLines(result)).toEqual([
      'w.yaml:2:7: Backstage kind "Widget" has nothing Nines reads: skipped',
    ]);
  });
});
