import { NinesError } from '../core/errors.ts';
import type { SourceLocation } from './model/common.ts';

/** One mistake in a config directory: where it is (1-based) and what is wrong. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Formats a problem the way compilers do, so editors and terminals can jump to it. */
export function formatProblem(problem: ConfigProblem): string {
  return `${formatLocation(problem)}: ${problem.message}`;
}

/** `file:line:col` of a location. */
export function formatLocation(at: SourceLocation): string {
  return `${at.file}:${at.line}:${at.col}`;
}

/** A problem at a known location. */
export function problemAt(at: SourceLocation, message: string): ConfigProblem {
  return { file: at.file, line: at.line, col: at.col, message };
}

/** Orders problems by file, line and column so output is stable whatever the reading order. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.message, b.message),
  );
}

/** Wraps problems in the one domain error, for callers that must stop on a bad config. */
export function toConfigError(problems: readonly ConfigProblem[]): NinesError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new NinesError(
    'invalid_config',
    `configuration has ${count}`,
    problems.map((p) => ({ path: `${p.file}:${p.line}:${p.col}`, message: p.message })),
  );
}

/** Code-point order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
