import type { EntryKind, Reference } from './entries.ts';
import { type ConfigProblem, formatLocation } from './problems.ts';
import type { Path, YamlDocument } from './yaml-documents.ts';

/** A reference field of a kind; a `'*'` segment stands for every item of a list. */
export interface RefField {
  kind: EntryKind;
  path: Path;
  /** Appended to the broken-reference message, as for references of valid documents. */
  hint?: string;
  /** Values that are not references although they sit in the field (e-mail members). */
  skip?: (value: string) => boolean;
}

/**
 * The references still readable from a document that failed validation: every string at `fields`,
 * except where a problem already points (that field failed its own check; one problem is enough).
 */
export function readLooseRefs(
  doc: YamlDocument,
  fields: readonly RefField[],
  problems: readonly ConfigProblem[],
): Reference[] {
  const refs = fields.flatMap(({ kind, path, hint, skip }) =>
    expandPath(doc.value, path).flatMap(({ value, at }): Reference[] =>
      typeof value === 'string' && !skip?.(value)
        ? [{ kind, name: value, at: doc.at(at), ...(hint ? { hint } : {}) }]
        : [],
    ),
  );
  return unflagged(refs, problems);
}

/** The references no problem points at. */
export function unflagged(refs: readonly Reference[], problems: readonly ConfigProblem[]): Reference[] {
  const flagged = new Set(problems.map(formatLocation));
  return refs.filter((ref) => !flagged.has(formatLocation(ref.at)));
}

/** The values a path with `'*'` segments reaches, each with its concrete path. */
function expandPath(value: unknown, path: Path, prefix: Path = []): { value: unknown; at: Path }[] {
  if (path.length === 0) return [{ value, at: prefix }];
  const [head, ...rest] = path as [string | number, ...Path];
  if (head === '*') {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, index) => expandPath(item, rest, [...prefix, index]));
  }
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, head)) return [];
  return expandPath((value as Record<string | number, unknown>)[head], rest, [...prefix, head]);
}
