/**
 * Prometheus rules equivalent to the engine's burn-rate alerts for one SLO.
 *
 * Why they are equivalent: the engine sums bad and total events over a window and compares
 * (bad / total) / (1 - objective) with the burn rate. `rate(bad[w]) / rate(total[w])` is
 * (increase(bad[w]) / w) / (increase(total[w]) / w) = bad / total over the same window: the same
 * traffic-weighted ratio, so `ratio > burnRate * (1 - objective)` is the engine's condition. What
 * differs: rate() extrapolates at the window edges and the engine counts whole buckets, and these
 * rules cannot honour the SLO's exclusions (maintenance windows).
 */
import { formatDuration } from '../core/duration.ts';
import { fillWindow, type PrometheusIndicator } from '../sources/prometheus/index.ts';
import type { BurnCondition, Service, Slo } from '../specs/index.ts';

export type PrometheusSlo = Slo & { indicator: PrometheusIndicator };

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}

const tiers = ['page', 'ticket'] as const;

/**
 * Recording rules for each window the SLO's conditions use, then one alert rule per enabled tier, the
 * catastrophic one last (a page labelled `tier: catastrophic`).
 */
export function sloRuleGroup(slo: PrometheusSlo, service?: Service): RuleGroup {
  const labels = identityLabels(slo);
  const conditions = tiers.flatMap((tier) => slo.alerting[tier].conditions);
  const { catastrophic } = slo.alerting;
  const fast = catastrophic.enabled ? catastrophic.conditions : [];
  const windows = unique([...conditions, ...fast].flatMap((c) => [c.shortWindowMs, c.longWindowMs]));
  const rules: (RecordingRule | AlertingRule)[] = windows.map((windowMs) => ({
    record: errorRatioMetric(windowMs),
    expr: errorRatioExpr(slo.indicator, windowMs),
    labels,
  }));
  const counted = [
    ...(slo.alerting.minEvents > 0 ? conditions : []),
    ...(catastrophic.minEvents > 0 ? fast : []),
  ];
  for (const windowMs of unique(counted.map((c) => c.longWindowMs))) {
    const total = fillWindow(slo.indicator.totalQuery, windowMs);
    rules.push({ record: totalEventsMetric(windowMs), expr: `(${total}) * ${windowMs / 1000}`, labels });
  }
  for (const tier of tiers) {
    const { enabled, conditions: tierConditions, ...extra } = slo.alerting[tier];
    if (!enabled || tierConditions.length === 0) continue;
    rules.push({
      alert: slo.alerting.name,
      expr: tierConditions
        .map((condition) => conditionExpr(slo, condition, slo.alerting.minEvents))
        .join('\nor\n'),
      labels: { ...slo.alerting.labels, ...extra.labels, ...labels, severity: tier },
      annotations: { ...annotationsFor(slo, service), ...extra.annotations },
    });
  }
  if (fast.length > 0) rules.push(catastrophicAlert(slo, labels, service));
  return { name: `nines-slo-${slo.name}`, rules };
}

/** The catastrophic tier: the page's labels and annotations, `tier: catastrophic`, and its own guards. */
function catastrophicAlert(
  slo: PrometheusSlo,
  labels: Record<string, string>,
  service?: Service,
): AlertingRule {
  const { catastrophic, page } = slo.alerting;
  const selector = `{slo=${JSON.stringify(slo.name)}}`;
  const expr = catastrophic.conditions
    .map((condition) => {
      const near = `${errorRatioMetric(condition.shortWindowMs)}${selector} >= ${decimal(catastrophic.minErrorRatio)}`;
      return conditionExpr(slo, condition, catastrophic.minEvents, [near]);
    })
    .join('\nor\n');
  const reason =
    'catastrophic tier: near-total outage, burning the budget so fast that a page cannot wait for the page tier';
  return {
    alert: slo.alerting.name,
    expr,
    labels: { ...slo.alerting.labels, ...page.labels, ...labels, severity: 'page', tier: 'catastrophic' },
    annotations: { ...annotationsFor(slo, service), ...page.annotations, reason },
  };
}

/** The recorded error ratio over `windowMs`, named as Sloth names it (`slo:sli_error:ratio_rate5m`). */
export function errorRatioMetric(windowMs: number): string {
  return `slo:sli_error:ratio_rate${formatDuration(windowMs)}`;
}

/** The recorded number of events over `windowMs`, used for the minEvents guard. */
export function totalEventsMetric(windowMs: number): string {
  return `slo:sli_total:increase${formatDuration(windowMs)}`;
}

/** The error ratio above which a condition holds: burnRate x error budget (14.4 at 99.9 % -> 0.0144). */
export function burnThreshold(burnRate: number, objective: number): number {
  return decimal(burnRate * errorBudget(objective));
}

function errorBudget(objective: number): number {
  return decimal((100 - objective) / 100);
}

// Without `or (total) * 0`, a query such as sum(rate(x{code=~"5.."}[5m])) is an empty vector when
// nothing failed, and with a goodQuery a full outage would leave the ratio empty and never alert.
function errorRatioExpr(indicator: PrometheusIndicator, windowMs: number): string {
  const total = fillWindow(indicator.totalQuery, windowMs);
  if (indicator.errorQuery !== undefined) {
    return `((${fillWindow(indicator.errorQuery, windowMs)}) or ((${total}) * 0)) / (${total})`;
  }
  return `1 - (((${fillWindow(indicator.goodQuery ?? '', windowMs)}) or ((${total}) * 0)) / (${total}))`;
}

function conditionExpr(
  slo: PrometheusSlo,
  condition: BurnCondition,
  minEvents: number,
  extra: string[] = [],
): string {
  const selector = `{slo=${JSON.stringify(slo.name)}}`;
  const threshold = `(${decimal(condition.burnRate)} * ${errorBudget(slo.objective)})`;
  const parts = [
    `${errorRatioMetric(condition.longWindowMs)}${selector} > ${threshold}`,
    `${errorRatioMetric(condition.shortWindowMs)}${selector} > ${threshold}`,
  ];
  parts.push(...extra);
  if (minEvents > 0) {
    parts.push(`${totalEventsMetric(condition.longWindowMs)}${selector} >= ${minEvents}`);
  }
  return `(\n  ${parts.join('\n  and\n  ')}\n)`;
}

// A groupBy label the queries already carry must not be overwritten by a constant, or the groups collapse.
function identityLabels(slo: PrometheusSlo): Record<string, string> {
  const labels: Record<string, string> = { slo: slo.name };
  if (!slo.indicator.groupBy.includes('service')) labels.service = slo.service;
  return labels;
}

function annotationsFor(slo: PrometheusSlo, service?: Service): Record<string, string> {
  const groups = slo.indicator.groupBy.map((name) => `${name}={{ $labels.${name} }}`).join(', ');
  const summary =
    `${slo.service}/${slo.name} is burning its error budget too fast (objective ${slo.objective}%)` +
    (groups ? ` for ${groups}` : '');
  return { summary, ...(service?.runbook ? { runbook: service.runbook } : {}), ...slo.alerting.annotations };
}

function unique(windowsMs: number[]): number[] {
  return [...new Set(windowsMs)].sort((a, b) => a - b);
}

// Twelve significant digits hide binary noise (100 - 99.9 = 0.09999999999999432) without losing real precision.
function decimal(value: number): number {
  return Number(value.toPrecision(12));
}
