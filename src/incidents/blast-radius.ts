import type { Service } from '../specs/index.ts';

/**
 * The services that depend, directly or transitively, on any of `affected` (callers of a failing service
 * feel it too), sorted by name, excluding the affected services themselves. Cycles in the graph are fine.
 */
export function blastRadius(affected: readonly string[], services: readonly Service[]): string[] {
  const callers = new Map<string, string[]>();
  for (const service of services) {
    for (const dependency of service.dependsOn) {
      const list = callers.get(dependency) ?? [];
      list.push(service.name);
      callers.set(dependency, list);
    }
  }
  const seen = new Set(affected);
  const queue = [...affected];
  const reached: string[] = [];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    for (const caller of callers.get(next) ?? []) {
      if (seen.has(caller)) continue;
      seen.add(caller);
      reached.push(caller);
      queue.push(caller);
    }
  }
  return reached.sort();
}
