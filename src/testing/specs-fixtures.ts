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

/**
 * An OpenSLO v1 ratio SLO `web-availability` of `checkout`, shaped as the OpenSLO Go SDK's v1 example;
 * `ratioMetric` is the block's lines, indented under `ratioMetric:`.
 */
export function opensloRatioSlo(ratioMetric: string, target = 0.995): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata: { name: web-availability }
spec:
  service: checkout
  indicator:
    spec:
      ratioMetric:
${ratioMetric}
  budgetingMethod: Occurrences
  objectives: [{ target: ${target} }]
`;
}

/** The ratioMetric lines of cumulative counters (`counter: true`) queried without a range selector. */
export function opensloCounterMetric(goodQuery: string, totalQuery: string): string {
  const metric = (role: string, query: string) =>
    `        ${role}: { metricSource: { type: Prometheus, spec: { query: ${JSON.stringify(query)} } } }`;
  return ['        counter: true', metric('good', goodQuery), metric('total', totalQuery)].join('\n');
}
