import { describe, expect, it } from 'vitest';
import { describeNode, graphSummary, type NodeState, troubledServices } from './graph-state.ts';

const shop = [
  { name: 'api-gateway', dependsOn: ['order', 'product'] },
  { name: 'order', dependsOn: ['payment'] },
  { name: 'product', dependsOn: [] },
  { name: 'payment', dependsOn: [] },
  { name: 'search', dependsOn: [] },
];

describe('dependency graph states and text alternative', () => {
  const states = new Map<string, NodeState>([
    ['api-gateway', { status: 'healthy' }],
    ['order', { status: 'warning' }],
    ['product', { status: 'caution' }],
    ['payment', { status: 'healthy', alerting: true }],
    ['search', { status: null }],
  ]);

  it('focuses on services past caution or alerting, most urgent first', () => {
    // payment's alert counts as critical, before order's warning; product's caution is only coloured.
    expect([...troubledServices(shop, states)]).toEqual(['payment', 'order']);
  });

  it('labels each node in words as well as colour', () => {
    expect(describeNode(states.get('payment'))).toEqual({ word: 'healthy, alerting', tone: 'bad' });
    expect(describeNode(states.get('product'))).toEqual({ word: 'caution', tone: 'info' });
    expect(describeNode(states.get('search'))).toEqual({ word: 'no SLO', tone: 'muted' });
  });

  it('names the troubled services and who depends on them', () => {
    expect(graphSummary(shop, states, troubledServices(shop, states))).toBe(
      '5 services, 3 dependencies. In trouble: payment (healthy, alerting; depended on by api-gateway, order); ' +
        'order (warning; depended on by api-gateway).',
    );
    expect(graphSummary(shop, new Map(), new Set())).toBe(
      '5 services, 3 dependencies. No service is in trouble.',
    );
  });
});
