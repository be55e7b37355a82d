import { type LabelMatcher, matchesLabels } from '../specs/index.ts';

// One matcher implementation for config validation, routing and silences: the loader's (Prometheus
// semantics: full-match regexes, a missing label reads as "", optional (?i)).

/** Whether `labels` satisfy one matcher. */
export function matches(matcher: LabelMatcher, labels: Record<string, string>): boolean {
  return matchesLabels([matcher], labels);
}

/** Whether every matcher holds; an empty list holds for every label set. */
export const matchesAll: (matchers: readonly LabelMatcher[], labels: Record<string, string>) => boolean =
  matchesLabels;
