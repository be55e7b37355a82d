import {
  buildModel,
  checkDependencyCycles,
  checkReferences,
  checkRoutingKeys,
  dedupeEntries,
} from './check-entries.ts';
import { type Collected, collected, type Entry, mergeCollected } from './entries.ts';
import type { SourceLocation } from './model/common.ts';
import type { Model } from './model/model.ts';
import { type ConfigProblem, compareText, formatProblem, problemAt, sortProblems } from './problems.ts';
import { readDocument } from './read-document.ts';
import { parseYamlFile } from './yaml-documents.ts';

/**
 * What loading a config yields: the model (partial when there are problems), every problem found, and
 * warnings: what was read but is not used (e.g. a Backstage kind Nines has no use for, a Sloth plugin).
 * Warnings never make a config invalid.
 */
export interface LoadResult {
  model: Model;
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
}

/** A config file's name (as it should appear in messages) and its text. */
export interface ConfigFile {
  file: string;
  text: string;
}

/** Reads config files already in memory into the model; reports every problem and never throws for bad input. */
export function loadConfigFiles(files: readonly ConfigFile[]): LoadResult {
  const parsed = files.map(({ file, text }) => parseYamlFile(file, text));
  const documents = parsed.flatMap((result) => result.documents);
  const first = mergeCollected(documents.map((doc) => safely(doc.at([]), () => readDocument(doc))));
  const second = mergeCollected(first.later.map((later) => safely(later.at, () => later.run(first.entries))));
  const { unique, problems: duplicates } = dedupeEntries(
    inReadingOrder([...first.entries, ...second.entries]),
  );
  const problems = [
    ...parsed.flatMap((result) => result.problems),
    ...first.problems,
    ...second.problems,
    ...duplicates,
    ...checkReferences(
      unique,
      [...first.claims, ...second.claims],
      [...first.looseRefs, ...second.looseRefs],
    ),
    ...checkDependencyCycles(unique),
    ...checkRoutingKeys(unique),
  ];
  return {
    model: deepFreeze(buildModel(unique)),
    problems: withoutRepeats(sortProblems(problems)),
    warnings: withoutRepeats(sortProblems([...first.warnings, ...second.warnings])),
  };
}

/** Entries resolved later (OpenSLO indicatorRef) go back to where they were written. */
function inReadingOrder(entries: readonly Entry[]): Entry[] {
  const at = (entry: Entry) => entry.value.source;
  return [...entries].sort(
    (a, b) => compareText(at(a).file, at(b).file) || at(a).line - at(b).line || at(a).col - at(b).col,
  );
}

/** A bug in one reader must not hide the problems of every other document. */
function safely(at: SourceLocation, read: () => Collected): Collected {
  try {
    return read();
  } catch (error) {
    return collected({
      problems: [problemAt(at, `could not read this document: ${(error as Error).message}`)],
    });
  }
}

/** Several SLOs of one Sloth file share one broken service reference: say it once. */
function withoutRepeats(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems.filter((problem, index) => {
    const previous = problems[index - 1];
    return !previous || formatProblem(previous) !== formatProblem(problem);
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
