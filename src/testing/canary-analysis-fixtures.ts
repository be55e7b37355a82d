import { emptyModel, type Model } from '../specs/index.ts';
import { makeService } from './alerting-fixtures.ts';
import { makeSlo } from './slo-fixtures.ts';

const source = { file: 'canary.yaml', line: 1, col: 1 };

/**
 * Canary analysis fixtures: `checkout` (tier 1) whose SLO's queries are templated by variant, `search`
 * (tier 2) whose SLO's are not, and one Prometheus data source `prom` at `prometheusUrl`.
 */
export function canaryModel(prometheusUrl = 'http://127.0.0.1:9'): Model {
  return {
    ...emptyModel(),
    services: [makeService('checkout', { tier: 1 }), makeService('search', { tier: 2 })],
    dataSources: [
      {
        name: 'prom',
        kind: 'prometheus',
        url: prometheusUrl,
        headers: {},
        timeoutMs: 2_000,
        stepMs: 60_000,
        origin: 'nines',
        source,
      },
    ],
    slos: [
      makeSlo({
        name: 'checkout-availability',
        service: 'checkout',
        indicator: {
          kind: 'prometheus',
          source: 'prom',
          errorQuery: 'sum(rate(http_requests_total{track="{{variant}}",code="500"}[{{.window}}]))',
          totalQuery: 'sum(rate(http_requests_total{track="{{variant}}"}[{{.window}}]))',
          groupBy: [],
        },
      }),
      makeSlo({
        name: 'search-availability',
        service: 'search',
        objective: 99,
        indicator: {
          kind: 'prometheus',
          source: 'prom',
          errorQuery: 'sum(rate(http_requests_total{job="search",code="500"}[{{.window}}]))',
          totalQuery: 'sum(rate(http_requests_total{job="search"}[{{.window}}]))',
          groupBy: [],
        },
      }),
    ],
  };
}

/**
 * A Kayenta canary config shaped as the Prometheus ones in Kayenta's integration tests: a critical metric
 * read through a filter template with `${namespace}` and `${scope}`, a full `PromQL:` inline template, the
 * NetflixACAJudge, group weights and score thresholds.
 */
export function kayentaCanaryConfig(): Record<string, unknown> {
  return {
    name: 'checkout-canary',
    description: 'errors and latency of checkout',
    configVersion: '1',
    applications: ['checkout'],
    judge: { name: 'NetflixACAJudge-v1.0', judgeConfigurations: {} },
    metrics: [
      {
        name: 'error rate',
        query: {
          type: 'prometheus',
          metricName: 'http_errors_total',
          labelBindings: ['code=~"5.."'],
          groupByFields: ['pod'],
          customFilterTemplate: 'by-scope',
        },
        analysisConfigurations: {
          canary: { critical: true, direction: 'increase', effectSize: { allowedIncrease: 1.1 } },
        },
        groups: ['errors'],
        scopeName: 'default',
      },
      {
        name: 'p99 latency',
        query: {
          type: 'prometheus',
          customInlineTemplate: `PromQL:histogram_quantile(0.99, sum by (le) (rate(latency_bucket{track="\${scope}"}[1m])))`,
        },
        analysisConfigurations: { canary: { direction: 'increase', nanStrategy: 'replace' } },
        groups: ['latency'],
        scopeName: 'default',
      },
    ],
    templates: { 'by-scope': `namespace='\${namespace}', track='\${scope}'` },
    classifier: { groupWeights: { errors: 70, latency: 30 }, scoreThresholds: { marginal: 50, pass: 75 } },
  };
}
