import { type LoadResult, loadConfigFiles } from '../specs/load-config.ts';
import { formatProblem } from '../specs/problems.ts';

/** A team, a service and the default data source, so test documents only add what they test. */
export const baseConfig = `
apiVersion: nines.dev/v1
kind: Team
metadata: { name: payments }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: checkout }
spec: { owner: payments }
---
apiVersion: nines.dev/v1
kind: DataSource
metadata: { name: default }
spec: { type: prometheus, url: "http://prometheus:9090" }
`;

/** Loads YAML texts (file name -> text) next to the base config. */
export function loadTexts(texts: Record<string, string>, withBase = true): LoadResult {
  const files = Object.entries(texts).map(([file, text]) => ({ file, text }));
  return loadConfigFiles(withBase ? [{ file: 'base.yaml', text: baseConfig }, ...files] : files);
}

/** Problems as `file:line:col: message` lines, the way users see them. */
export function problemLines(result: LoadResult): string[] {
  return result.problems.map(formatProblem);
}

/** Warnings as `file:line:col: message` lines, the way users see them. */
export function warningLines(result: LoadResult): string[] {
  return result.warnings.map(formatProblem);
}
