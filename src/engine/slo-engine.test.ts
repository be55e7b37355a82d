import { describe, expect, it } from 'vitest';
import { SliSeries } from '../slo/index.ts';
import { emptyModel } from '../specs/index.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { SloEngine, type SloInstance } from './slo-engine.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function instance(name: string, spec: string): SloInstance {
  const slo = makeSlo({ name });
  return {
    slo,
    spec,
    labels: {},
    series: new SliSeries({ slo, nowMs: NOW }),
    alertState: undefined,
    evaluation: undefined,
    sourceError: undefined,
  };
}

describe('SloEngine instances', () => {
  it('indexes instances by spec, replacing one of the same name instead of keeping both', () => {
    const engine = new SloEngine(emptyModel());
    engine.putInstance(instance('req:a', 'req'));
    engine.putInstance(instance('req:b', 'req'));
    engine.putInstance(instance('other', 'other'));
    const replacement = instance('req:a', 'req');
    engine.putInstance(replacement);
    expect(engine.instancesOf('req').map((i) => i.slo.name)).toEqual(['req:b', 'req:a']);
    expect(engine.instances.get('req:a')).toBe(replacement);
    expect(engine.instances.size).toBe(3);

    engine.replaceInstances([instance('other', 'other')]);
    expect(engine.instancesOf('req')).toEqual([]);
    expect([...engine.instances.keys()]).toEqual(['other']);
  });
});
