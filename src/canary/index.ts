export { type GroupedResult, weightedGroupScore } from './group-score.ts';
export {
  type Classification,
  classifyMetric,
  DEFAULT_GROUP,
  type Direction,
  type Judgement,
  type JudgeOptions,
  judgeCanary,
  type MetricJudgement,
  type MetricSamples,
  type Verdict,
} from './judge.ts';
export { dnorm, pnorm, qnorm } from './normal.ts';
export {
  averageRanks,
  pwilcox,
  pwilcoxUpper,
  qwilcox,
  type RankSumResult,
  rankSumTest,
  zeroin,
} from './wilcoxon.ts';
