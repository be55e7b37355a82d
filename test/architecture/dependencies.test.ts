import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleOf, productionFiles, readSource } from './source-files.ts';

/** Adapters call modules; modules never import them (docs/architecture.md, "Dependency rule"). */
const adapters = new Set(['http', 'cli', 'jobs', 'demo', '(root)']);

interface Edge {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at run time, so it cannot form a run-time cycle. */
  typeOnly: boolean;
}

/** Static relative imports and re-exports of every production file, resolved to paths under src/. */
function importEdges(): Edge[] {
  const pattern = /^(?:import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms;
  return productionFiles().flatMap((from) =>
    [...readSource(from).matchAll(pattern)].map((match) => ({
      from,
      to: normalize(join(dirname(from), match[2] as string))
        .split('\\')
        .join('/'),
      typeOnly: Boolean(match[1]),
    })),
  );
}

function runTimeCycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges.filter((e) => !e.typeOnly)) {
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, 'open');
    for (const to of next.get(file) ?? []) visit(to, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of next.keys()) visit(file, []);
  return cycles;
}

describe('the dependency rule', () => {
  const edges = importEdges();
  const crossModule = edges.filter((e) => moduleOf(e.from) !== moduleOf(e.to));

  it('reads the imports it judges', () => {
    // A scanner that found nothing would pass every rule below.
    expect(crossModule.length).toBeGreaterThan(200);
  });

  it('core imports nothing of ours', () => {
    const offending = crossModule
      .filter((e) => moduleOf(e.from) === 'core')
      .map((e) => `${e.from} -> ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('modules never import adapters (http, cli, jobs, demo, the composition root)', () => {
    const offending = crossModule
      .filter((e) => !adapters.has(moduleOf(e.from)) && adapters.has(moduleOf(e.to)))
      .map((e) => `${e.from} -> ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('production code never imports test helpers', () => {
    const offending = edges.filter((e) => moduleOf(e.to) === 'testing').map((e) => `${e.from} -> ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('finds a cycle when there is one, and not through type-only imports', () => {
    const edge = (from: string, to: string, typeOnly = false) => ({ from, to, typeOnly });
    expect(runTimeCycles([edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts'), edge('c.ts', 'a.ts')])).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
    ]);
    expect(runTimeCycles([edge('a.ts', 'b.ts'), edge('b.ts', 'a.ts', true)])).toEqual([]);
  });

  it('has no run-time import cycle', () => {
    expect(runTimeCycles(edges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
