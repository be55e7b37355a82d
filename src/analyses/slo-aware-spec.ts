import type { Problem } from '../core/errors.ts';
import type { Model, Slo } from '../specs/index.ts';
import { checkQuery } from './check-query.ts';
import type { AnalysisRequest } from './request.ts';
import { hasVariantPlaceholder } from './templating.ts';
import type { AnalysisSpec, SloAwareSpec } from './types.ts';

/** SLO-aware mode of an analysis request: the SLO, its burn limit and the canary's queries. */

/** The SLO's lowest page burn rate: "if the whole service behaved like the canary, it would page". */
function pageBurnRate(slo: Slo): number | undefined {
  if (!slo.alerting.page.enabled || slo.alerting.page.conditions.length === 0) return undefined;
  return Math.min(...slo.alerting.page.conditions.map((c) => c.burnRate));
}

export function sloAwareOf(
  request: AnalysisRequest,
  spec: AnalysisSpec,
  model: Model,
  problems: Problem[],
): SloAwareSpec | null {
  const asked = request.sloAware;
  if (!asked) return null;
  const slo = model.slos.find((s) => s.name === asked.slo);
  if (!slo) {
    problems.push({ path: 'sloAware.slo', message: `no SLO "${asked.slo}"` });
    return null;
  }
  if (slo.service !== spec.service) {
    problems.push({
      path: 'sloAware.slo',
      message: `SLO "${slo.name}" is of service ${slo.service}, not ${spec.service}`,
    });
  }
  const maxBurnRate = asked.maxBurnRate ?? pageBurnRate(slo);
  if (maxBurnRate === undefined) {
    problems.push({
      path: 'sloAware.maxBurnRate',
      message: `required: SLO "${slo.name}" has no page alert to take it from`,
    });
  }
  const base = { slo: slo.name, maxBurnRate: maxBurnRate ?? 0 };
  if (spec.source.kind === 'pushed') {
    if (!asked.metric) {
      problems.push({
        path: 'sloAware.metric',
        message: "required for a pushed analysis: the metric carrying the canary's error ratio (0–1)",
      });
    }
    return { ...base, totalQuery: '', metric: asked.metric ?? '' };
  }
  return { ...base, ...sloQueriesOf(asked, slo, spec.scope, problems) };
}

function sloQueriesOf(
  asked: NonNullable<AnalysisRequest['sloAware']>,
  slo: Slo,
  scope: AnalysisSpec['scope'],
  problems: Problem[],
): Pick<SloAwareSpec, 'goodQuery' | 'errorQuery' | 'totalQuery'> {
  const given = asked.goodQuery ?? asked.errorQuery ?? asked.totalQuery;
  let queries: { goodQuery?: string; errorQuery?: string; totalQuery?: string };
  let where: string;
  if (given !== undefined) {
    queries = { goodQuery: asked.goodQuery, errorQuery: asked.errorQuery, totalQuery: asked.totalQuery };
    where = 'sloAware';
    if (
      (asked.goodQuery === undefined) === (asked.errorQuery === undefined) ||
      asked.totalQuery === undefined
    ) {
      problems.push({
        path: 'sloAware.totalQuery',
        message: 'give totalQuery and exactly one of goodQuery or errorQuery',
      });
      return { totalQuery: '' };
    }
  } else {
    const indicator = slo.indicator;
    const own =
      indicator.kind === 'prometheus'
        ? [indicator.goodQuery, indicator.errorQuery, indicator.totalQuery]
        : [];
    if (indicator.kind !== 'prometheus' || !own.every((q) => q === undefined || hasVariantPlaceholder(q))) {
      problems.push({
        path: 'sloAware',
        message: `SLO "${slo.name}"'s queries do not tell the variants apart: give sloAware.errorQuery (or goodQuery) and totalQuery with {{variant}} or {{scope}}`,
      });
      return { totalQuery: '' };
    }
    queries = {
      goodQuery: indicator.goodQuery,
      errorQuery: indicator.errorQuery,
      totalQuery: indicator.totalQuery,
    };
    where = `SLO ${slo.name}`;
  }
  for (const key of ['goodQuery', 'errorQuery', 'totalQuery'] as const) {
    const query = queries[key];
    if (query !== undefined)
      checkQuery(query, scope, where === 'sloAware' ? `sloAware.${key}` : 'sloAware', problems);
  }
  return {
    ...(queries.goodQuery === undefined ? {} : { goodQuery: queries.goodQuery }),
    ...(queries.errorQuery === undefined ? {} : { errorQuery: queries.errorQuery }),
    totalQuery: queries.totalQuery ?? '',
  };
}
