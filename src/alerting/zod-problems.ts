import type { z } from 'zod';
import type { Problem } from '../core/errors.ts';

/** zod issues as body problems: a dotted path (`alerts.0.startsAt`, empty for the body) and a message. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], body: unknown): Problem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const missing =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      valueAt(body, issue.path) === undefined;
    return { path, message: missing ? 'required' : issue.message };
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
