export type { JsonPathMatch, JsonPathSegment } from './json-path.ts';
export { parseJsonPath, selectJsonPath } from './json-path.ts';
export type { ProbeResult, RunProbeOptions } from './run-probe.ts';
export { runProbe } from './run-probe.ts';
export { nextRunAt, probePhaseMs } from './schedule.ts';
