export { prometheusRules } from './prometheus-rules.ts';
export type { AlertingRule, RecordingRule, RuleGroup } from './slo-rule-group.ts';
export { burnThreshold, errorRatioMetric } from './slo-rule-group.ts';
