import { describe, expect, it } from 'vitest';
import { formatProblem, sortProblems, toConfigError } from './problems.ts';

describe('problems', () => {
  const problem = { file: 'slos/a.yaml', line: 3, col: 9, message: 'unknown field "x"' };

  it('format as path:line:col: message', () => {
    expect(formatProblem(problem)).toBe('slos/a.yaml:3:9: unknown field "x"');
  });

  it('sort by file, line, then column', () => {
    const later = { ...problem, line: 10, col: 1 };
    const earlier = { ...problem, file: 'a.yaml' };
    expect(sortProblems([later, problem, earlier])).toEqual([earlier, problem, later]);
  });

  it('become one invalid_config error listing each location', () => {
    const error = toConfigError([problem]);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('configuration has 1 problem');
    expect(error.details).toEqual([{ path: 'slos/a.yaml:3:9', message: 'unknown field "x"' }]);
  });
});
