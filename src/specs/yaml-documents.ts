import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { documentProblem } from '../core/well-formed.ts';
import type { SourceLocation } from './model/common.ts';
import { type ConfigProblem, problemAt } from './problems.ts';

export type Path = readonly (string | number)[];

/** One YAML document (or one item of a top-level list) with a way back to its positions. */
export interface YamlDocument {
  file: string;
  value: unknown;
  /** Where the value at `path` starts; the nearest existing parent when it is missing. */
  at(path: Path): SourceLocation;
  /** Where the key of the last path segment starts; falls back like `at`. */
  keyAt(path: Path): SourceLocation;
}

export interface ParsedFile {
  documents: YamlDocument[];
  problems: ConfigProblem[];
}

/** Splits a YAML file into documents; syntax errors become problems and their documents are skipped. */
export function parseYamlFile(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const documents: YamlDocument[] = [];
  const problems: ConfigProblem[] = [];
  const position = (offset: number): SourceLocation => ({ file, ...lineCounter.linePos(offset) });
  for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false, logLevel: 'error' })) {
    const issues = [...doc.errors, ...doc.warnings];
    for (const issue of issues) problems.push(problemAt(position(issue.pos[0]), `YAML: ${issue.message}`));
    if (doc.errors.length > 0 || doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      problems.push(problemAt(position(doc.contents.range?.[0] ?? 0), `YAML: ${(error as Error).message}`));
      continue;
    }
    // Empty documents (a trailing `---`, only comments) are allowed and mean nothing.
    if (value === null || value === undefined) continue;
    // Text no engine can store (U+0000, an unpaired surrogate) or absurd nesting is refused here, once.
    const illFormed = documentProblem(value);
    if (illFormed) {
      const where = illFormed.path === '' ? 'the document' : `"${illFormed.path}"`;
      problems.push(problemAt(position(doc.contents.range?.[0] ?? 0), `${where} ${illFormed.message}`));
      continue;
    }
    const root = doc.contents;
    if (isSeq(root) && Array.isArray(value)) {
      value.forEach((item, index) => {
        documents.push(createDocument({ file, root, base: [index], value: item, position }));
      });
    } else {
      documents.push(createDocument({ file, root, base: [], value, position }));
    }
  }
  return { documents, problems };
}

interface DocumentParts {
  file: string;
  root: Node;
  base: Path;
  value: unknown;
  position: (offset: number) => SourceLocation;
}

interface Step {
  key: Node | null;
  value: unknown;
}

function createDocument({ file, root, base, value, position }: DocumentParts): YamlDocument {
  const start = (node: unknown): number | undefined => (node as Node | null)?.range?.[0];
  const at = (path: Path): SourceLocation => {
    const steps = descend(root, [...base, ...path]);
    const last = steps[steps.length - 1] as Step;
    const found = steps.length === base.length + path.length + 1;
    const offset =
      found && hasContent(last.value) ? start(last.value) : (start(last.key) ?? start(last.value));
    return position(offset ?? 0);
  };
  const keyAt = (path: Path): SourceLocation => {
    const steps = descend(root, [...base, ...path]);
    const last = steps[steps.length - 1] as Step;
    const found = steps.length === base.length + path.length + 1;
    return found && last.key ? position(start(last.key) ?? 0) : at(path);
  };
  return { file, value, at, keyAt };
}

/** Follows a path through the YAML tree as far as it exists. */
function descend(root: Node, path: Path): Step[] {
  const steps: Step[] = [{ key: null, value: root }];
  let current: unknown = root;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      steps.push({ key: pair.key as Node, value: pair.value });
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      current = current.items[segment];
      steps.push({ key: null, value: current });
    } else {
      break;
    }
  }
  return steps;
}

/** An empty value (`key:` with nothing after it) has no useful position of its own. */
function hasContent(node: unknown): boolean {
  const range = (node as Node | null)?.range;
  return range !== undefined && range !== null && range[1] > range[0];
}
