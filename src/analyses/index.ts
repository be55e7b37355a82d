export { analysisSpecFrom } from './analysis-spec.ts';
export { cancelAnalysis } from './cancel-analysis.ts';
export { type PushedSample, pushSamples } from './push-samples.ts';
export { getAnalysis, listAnalyses } from './read-analyses.ts';
export { analysisRequestSchema } from './request.ts';
export { nextAnalysisDueMs, runDueAnalyses } from './run-due-analyses.ts';
export { startAnalysis } from './start-analysis.ts';
export {
  type AnalysisInterval,
  type AnalysisMetricSpec,
  type AnalysisSpec,
  type AnalysisStatus,
  type AnalysisView,
  analysisStatuses,
  type IntervalSlo,
  type SloAwareSpec,
} from './types.ts';
