import type { Service } from '../specs/index.ts';

export interface UpstreamCauseInput {
  /** The service whose alert is about to page. */
  service: string;
  services: readonly Service[];
  /** Services with an open paging alert of their own (not ones already attached to another page). */
  pagingServices: ReadonlySet<string>;
}

/**
 * The closest (transitive) dependency of `service` that is paging, or null: the dependent's alert
 * joins that page instead of paging separately. Breadth-first over `dependsOn`, so the nearest cause
 * wins; among equally near ones the first by name, so the answer never depends on catalog order.
 */
export function upstreamCause(input: UpstreamCauseInput): string | null {
  const dependsOn = new Map(input.services.map((service) => [service.name, service.dependsOn]));
  const seen = new Set([input.service]);
  let level = [input.service];
  while (level.length > 0) {
    const next = [...new Set(level.flatMap((name) => dependsOn.get(name) ?? []))]
      .filter((name) => !seen.has(name))
      .sort();
    const cause = next.find((name) => input.pagingServices.has(name));
    if (cause !== undefined) return cause;
    for (const name of next) seen.add(name);
    level = next;
  }
  return null;
}
