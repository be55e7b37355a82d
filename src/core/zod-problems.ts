import type { z } from 'zod';
import type { Problem } from './errors.ts';

/**
 * zod issues as problems of `input` (a body, a batch, the settings): a dotted path (`alerts.0.startsAt`,
 * empty for the whole input) and a message; a field that is absent reads "required". `pathName` renames
 * paths for inputs whose keys are not what users typed (settings are read from environment variables).
 */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  pathName: (path: string) => string = (path) => path,
): Problem[] {
  return issues.map((issue) => {
    const missing =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      valueAt(input, issue.path) === undefined;
    return {
      path: pathName(issue.path.map(String).join('.')),
      message: missing ? 'required' : issue.message,
    };
  });
}

/** The value at `path` inside `root`, or undefined when some step is missing or not an object. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
