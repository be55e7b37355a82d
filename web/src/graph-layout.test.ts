import { describe, expect, it } from 'vitest';
import { crossings, dependentsOf, layersByDepth, layoutGraph, neighbourhood } from './graph-layout.ts';

// The demo shop (seed 001): the gateway calls four services, product and order call the data services.
const shop = [
  { name: 'api-gateway', dependsOn: ['auth', 'product', 'order', 'recommendation'] },
  { name: 'auth', dependsOn: [] },
  { name: 'product', dependsOn: ['inventory', 'pricing'] },
  { name: 'order', dependsOn: ['payment', 'inventory', 'notification'] },
  { name: 'recommendation', dependsOn: ['product'] },
  { name: 'inventory', dependsOn: [] },
  { name: 'pricing', dependsOn: [] },
  { name: 'payment', dependsOn: [] },
  { name: 'notification', dependsOn: [] },
];

describe('dependency graph layout', () => {
  it('puts each service one layer below the deepest service depending on it', () => {
    const layers = layersByDepth(shop);
    expect(layers.get('api-gateway')).toBe(0);
    expect(layers.get('auth')).toBe(1);
    expect(layers.get('recommendation')).toBe(1);
    // product is called by the gateway (layer 0) and by recommendation (layer 1): the longer path wins.
    expect(layers.get('product')).toBe(2);
    expect(layers.get('pricing')).toBe(3);
    expect(layers.get('inventory')).toBe(3);
    expect(layers.get('payment')).toBe(2);
  });

  it('draws every edge downwards from caller to dependency, inside the drawing', () => {
    const layout = layoutGraph(shop, { nodeWidth: 100, nodeHeight: 40, gapX: 20, gapY: 50 });
    expect(layout.edges).toHaveLength(10);
    for (const edge of layout.edges) {
      expect(edge.y2).toBeGreaterThan(edge.y1);
      expect(edge.x1).toBeGreaterThanOrEqual(0);
      expect(edge.x2).toBeLessThanOrEqual(layout.width);
    }
    // Four layers of 40 px with 50 px between them.
    expect(layout.height).toBe(4 * 40 + 3 * 50);
    const names = layout.nodes.map((n) => `${n.x},${n.y}`);
    expect(new Set(names).size).toBe(shop.length);
  });

  it('orders layers so edges do not cross when they need not', () => {
    // Alphabetical order would put y before z under a and b: a→z and b→y would cross.
    const layout = layoutGraph([
      { name: 'a', dependsOn: ['z'] },
      { name: 'b', dependsOn: ['y'] },
      { name: 'y', dependsOn: [] },
      { name: 'z', dependsOn: [] },
    ]);
    expect(crossings(layout)).toBe(0);
  });

  it('wraps a wide layer onto rows of at most maxPerRow services', () => {
    const leaves = Array.from({ length: 25 }, (_, i) => ({
      name: `leaf-${String(i).padStart(2, '0')}`,
      dependsOn: [],
    }));
    const root = { name: 'root', dependsOn: leaves.map((l) => l.name) };
    const layout = layoutGraph([root, ...leaves], {
      nodeWidth: 100,
      nodeHeight: 40,
      gapX: 20,
      gapY: 50,
      maxPerRow: 10,
    });
    expect(layout.width).toBe(10 * 100 + 9 * 20);
    const rows = new Set(layout.nodes.filter((n) => n.layer === 1).map((n) => n.y));
    expect(rows.size).toBe(3);
    expect(layout.height).toBe(4 * 40 + 3 * 50);
  });

  it('survives a cycle instead of recursing forever', () => {
    const layout = layoutGraph([
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['a'] },
    ]);
    expect(layout.nodes).toHaveLength(2);
  });

  it('finds who feels a failure: every transitive dependent', () => {
    expect(dependentsOf(shop, 'inventory')).toEqual(['api-gateway', 'order', 'product', 'recommendation']);
    expect(dependentsOf(shop, 'api-gateway')).toEqual([]);
  });

  it('keeps a troubled service with what calls it and what it calls, one hop each way', () => {
    const near = neighbourhood(shop, new Set(['product']))
      .map((n) => n.name)
      .sort();
    expect(near).toEqual(['api-gateway', 'inventory', 'pricing', 'product', 'recommendation']);
    // inventory's callers are kept, the gateway two hops up is not.
    const deep = neighbourhood(shop, new Set(['inventory']))
      .map((n) => n.name)
      .sort();
    expect(deep).toEqual(['inventory', 'order', 'product']);
  });
});
