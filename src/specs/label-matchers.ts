import type { LabelMatcher } from './model/alerting.ts';

/** Prometheus label names: letters, digits and `_`, not starting with a digit. */
export const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const operators = ['=~', '!~', '!=', '='] as const;
const syntaxHint = 'expected label, operator (=, !=, =~, !~) and value, e.g. service="checkout"';

/**
 * Reads one Alertmanager/Prometheus matcher such as `service="checkout"` or `severity=~"critical|page"`;
 * returns what is wrong as a string. Values may be quoted (escapes `\"`, `\\`, `\n`) or bare as in
 * Alertmanager's classic syntax; regexes must compile.
 */
export function parseMatcher(text: string): LabelMatcher | string {
  const trimmed = text.trim();
  const opAt = trimmed.search(/[=!]/);
  if (opAt < 0) return syntaxHint;
  const label = trimmed.slice(0, opAt).trim();
  const op = operators.find((candidate) => trimmed.startsWith(candidate, opAt));
  if (!op) return syntaxHint;
  if (trimmed.startsWith('==', opAt)) return '"==" is not an operator: write = (or =~ for a regex)';
  if (label === '') return `missing label name before "${op}": ${syntaxHint}`;
  if (!labelNamePattern.test(label))
    return `"${label}" is not a label name (letters, digits and _, not starting with a digit)`;
  const value = readValue(trimmed.slice(opAt + op.length).trim());
  if (value.error !== undefined) return value.error;
  const matcher: LabelMatcher = { label, op, value: value.text };
  const regexProblem = checkMatcherRegex(matcher);
  return regexProblem ?? matcher;
}

function readValue(raw: string): { text: string; error?: undefined } | { error: string } {
  if (!raw.startsWith('"')) {
    return raw.includes('"') ? { error: 'a value containing " must be quoted: "a \\" b"' } : { text: raw };
  }
  let text = '';
  for (let index = 1; index < raw.length; index++) {
    const char = raw[index] as string;
    if (char === '"') {
      return index === raw.length - 1
        ? { text }
        : { error: `unexpected text after the quoted value: ${raw.slice(index + 1)}` };
    }
    if (char === '\\' && index + 1 < raw.length) {
      const next = raw[++index] as string;
      // Unknown escapes keep their backslash so regex escapes like \. survive, as in Alertmanager.
      text += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
    } else {
      text += char;
    }
  }
  return { error: 'the quoted value has no closing "' };
}

/** What is wrong with a regex matcher's value, or undefined (also for `=` and `!=`). */
export function checkMatcherRegex(matcher: LabelMatcher): string | undefined {
  if (matcher.op !== '=~' && matcher.op !== '!~') return undefined;
  try {
    compileAnchored(matcher.value);
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return `invalid regular expression "${matcher.value}": ${reason}`;
  }
}

/** Writes a matcher back in the quoted syntax `parseMatcher` reads. */
export function formatMatcher(matcher: LabelMatcher): string {
  const escaped = matcher.value.replace(/[\\"\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
  return `${matcher.label}${matcher.op}"${escaped}"`;
}

const compiled = new Map<string, RegExp>();

/** Prometheus semantics: the regex must match the whole value; a leading `(?i)` ignores case. */
function compileAnchored(source: string): RegExp {
  let regex = compiled.get(source);
  if (regex) return regex;
  const ignoreCase = source.startsWith('(?i)');
  regex = new RegExp(`^(?:${ignoreCase ? source.slice(4) : source})$`, ignoreCase ? 'i' : '');
  // Silences come from the API too; a bound keeps the cache from growing without end.
  if (compiled.size >= 1000) compiled.clear();
  compiled.set(source, regex);
  return regex;
}

/** True when every matcher holds for `labels`; a missing label reads as "" (Prometheus semantics). */
export function matchesLabels(
  matchers: readonly LabelMatcher[],
  labels: Readonly<Record<string, string>>,
): boolean {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch is exhaustive over the four operators (tsc checks it)
  return matchers.every((matcher) => {
    const value = Object.hasOwn(labels, matcher.label) ? (labels[matcher.label] as string) : '';
    switch (matcher.op) {
      case '=':
        return value === matcher.value;
      case '!=':
        return value !== matcher.value;
      case '=~':
        return compileAnchored(matcher.value).test(value);
      case '!~':
        return !compileAnchored(matcher.value).test(value);
    }
  });
}
