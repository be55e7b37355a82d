import { NinesError } from '../core/errors.ts';
import type { LabelMatcher } from '../specs/model.ts';

/** Enough for every route and silence of a large config; past it the cache starts over. */
const MAX_CACHED = 1_000;
const compiled = new Map<string, RegExp>();

/** The matcher's regex anchored at both ends (Prometheus matchers are full matches), compiled once. */
function fullMatchRegex(matcher: LabelMatcher): RegExp {
  const cached = compiled.get(matcher.value);
  if (cached) return cached;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${matcher.value})$`);
  } catch (error) {
    throw new NinesError(
      'invalid_config',
      `matcher ${matcher.label}${matcher.op}"${matcher.value}": invalid regular expression (${(error as Error).message})`,
    );
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(matcher.value, regex);
  return regex;
}

/**
 * Whether `labels` satisfy one matcher. A missing label reads as the empty string, as in Prometheus:
 * `team!="db"` holds for an alert without a team, `team=""` asks for one without it.
 */
export function matches(matcher: LabelMatcher, labels: Record<string, string>): boolean {
  const value = Object.hasOwn(labels, matcher.label) ? (labels[matcher.label] as string) : '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return fullMatchRegex(matcher).test(value);
    case '!~':
      return !fullMatchRegex(matcher).test(value);
  }
}

/** Whether every matcher holds; an empty list holds for every label set. */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => matches(matcher, labels));
}
