import type { EngineContext } from '../context/index.ts';
import type { Model, Slo } from '../specs/index.ts';
import { restoreInstances } from './restore-instances.ts';
import { SloEngine } from './slo-engine.ts';

/** A definition without where it was written: moving an SLO to another file does not reset it. */
function definitionKey(slo: Slo): string {
  const { source: _source, ...definition } = slo;
  return JSON.stringify(definition);
}

/**
 * Puts a validated model in force. Instances of unchanged SLOs keep their in-memory state; changed or new
 * ones are rebuilt from storage first; then the swap happens at once, so a tick never sees half of it.
 */
export async function applyModel({
  ctx,
  model,
}: {
  ctx: EngineContext;
  model: Model;
}): Promise<{ rebuilt: string[]; removed: string[] }> {
  const current = ctx.engine;
  const next = new SloEngine(model);
  const rebuild: Slo[] = [];
  for (const spec of model.slos) {
    const before = current.spec(spec.name);
    if (before && definitionKey(before) === definitionKey(spec)) {
      for (const instance of current.instancesOf(spec.name)) next.putInstance(instance);
    } else {
      rebuild.push(spec);
    }
  }
  await restoreInstances({ db: ctx.db, engine: next, slos: rebuild, nowMs: ctx.clock.now() });
  const removed = current.model.slos.filter((slo) => !next.spec(slo.name)).map((slo) => slo.name);
  current.setModel(model);
  current.replaceInstances(next.instances.values());
  return { rebuilt: rebuild.map((slo) => slo.name), removed };
}
