import type { z } from 'zod';
import { valueAt } from '../core/zod-problems.ts';
import { type ConfigProblem, problemAt } from './problems.ts';
import type { Path, YamlDocument } from './yaml-documents.ts';

type Issue = z.core.$ZodIssue;

const zodDefaultMessage = /^(Invalid|Too (big|small)|Unrecognized key)/;

/** zod's type names in the words of YAML. */
const yamlTypeNames: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** Hints for unknown fields people often put in the wrong place. */
const unknownFieldHints: Record<string, string> = {
  groupBy: 'groupBy is only for prometheus indicators (indicator.prometheus.groupBy)',
};

export { valueAt };

/**
 * The YAML-aware sibling of core's `problemsFromZod`: problems point at the exact YAML position of each
 * field and speak YAML's words. Turns zod issues into problems pointing at the exact YAML position of each field. */
export function issuesToProblems(
  issues: readonly Issue[],
  doc: YamlDocument,
  base: Path = [],
): ConfigProblem[] {
  return issues.flatMap((issue) => issueToProblems(issue, doc, [...base, ...toPath(issue.path)]));
}

function issueToProblems(issue: Issue, doc: YamlDocument, path: Path): ConfigProblem[] {
  const custom = zodDefaultMessage.test(issue.message) ? undefined : issue.message;
  switch (issue.code) {
    case 'invalid_union': {
      const branch = matchingBranch(issue.errors);
      return branch ? issuesToProblems(branch, doc, path) : [problemAt(doc.at(path), issue.message)];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const hint = Object.hasOwn(unknownFieldHints, key) ? unknownFieldHints[key] : undefined;
        return problemAt(doc.keyAt([...path, key]), `unknown field "${key}"${hint ? `: ${hint}` : ''}`);
      });
    case 'invalid_type': {
      if (valueAt(doc.value, path) === undefined) return [missingField(doc, path)];
      const expected = yamlTypeNames[issue.expected] ?? issue.expected;
      const message = custom ?? `expected ${expected}, got ${describeValue(valueAt(doc.value, path))}`;
      return [problemAt(doc.at(path), message)];
    }
    case 'invalid_value': {
      if (valueAt(doc.value, path) === undefined) return [missingField(doc, path)];
      const expected = issue.values.map((value) => JSON.stringify(value));
      const message =
        custom ??
        `${expected.length === 1 ? `must be ${expected[0]}` : `must be one of ${expected.join(', ')}`}, got ${describeValue(valueAt(doc.value, path))}`;
      return [problemAt(doc.at(path), message)];
    }
    case 'too_small':
    case 'too_big':
      return [problemAt(doc.at(path), custom ?? describeBound(issue))];
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'invalid key';
      return [problemAt(doc.keyAt(path), `key "${String(path[path.length - 1])}": ${inner}`)];
    }
    case 'custom': {
      const at = (issue.params as { at?: string } | undefined)?.at === 'key' ? doc.keyAt(path) : doc.at(path);
      return [problemAt(at, issue.message)];
    }
    default:
      return [problemAt(doc.at(path), custom ?? issue.message)];
  }
}

function missingField(doc: YamlDocument, path: Path): ConfigProblem {
  return problemAt(doc.at(path), `missing required field "${String(path[path.length - 1])}"`);
}

/** The one union branch whose value had the right shape, if exactly one did. */
function matchingBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const shaped = branches.filter(
    (issues) =>
      !issues.some(
        (issue) => issue.path.length === 0 && ['invalid_type', 'invalid_value'].includes(issue.code),
      ),
  );
  return shaped.length === 1 ? shaped[0] : undefined;
}

function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'array')
    return small ? `needs at least ${bound} item(s)` : `allows at most ${bound} item(s)`;
  if (issue.origin === 'string') {
    if (small && bound === 1) return 'must not be empty';
    return small ? `must be at least ${bound} characters` : `must be at most ${bound} characters`;
  }
  const op = small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${op} ${bound}`;
}

function toPath(path: readonly PropertyKey[]): Path {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** The raw value at a path inside a parsed document, or undefined. */

/** A short description of a value's type for messages ("number 7", "a list"). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}
