import { isNinesError } from '../core/errors.ts';
import type { ConfigProblem, Model } from '../specs/index.ts';
import type { Judge } from './judge.ts';
import { defaultBakeMs } from './start-rollout.ts';

/**
 * Checks each RolloutPlan's analysis against the catalog as a rollout would start it (its data source,
 * metrics, timing against every step's bake), for each service it is for (an open plan: the first
 * service). Problems point at the plan's `analysis`; run where a config is loaded (serve, reload, validate).
 */
export function rolloutPlanProblems(model: Model, judge: Judge): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const plan of model.rolloutPlans) {
    const names = plan.services.length > 0 ? plan.services : model.services.slice(0, 1).map((s) => s.name);
    const seen = new Set<string>();
    for (const name of names) {
      const service = model.services.find((s) => s.name === name);
      if (!service) continue;
      for (const step of plan.steps) {
        const bakeMs = step.bakeMs ?? defaultBakeMs(service);
        try {
          judge.prepare({ model, plan, service: name, deployId: null, bakeMs });
        } catch (error) {
          if (!isNinesError(error) || error.code !== 'invalid_input') throw error;
          for (const detail of error.details ?? [{ path: '', message: error.message }]) {
            const message = `analysis${detail.path ? `.${detail.path}` : ''}: ${detail.message} (for ${name}, ${step.weight}% step)`;
            const key = `${detail.path}:${detail.message}`;
            if (seen.has(key)) continue;
            seen.add(key);
            problems.push({ ...plan.analysisSource, message });
          }
        }
      }
    }
  }
  return problems;
}
