import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { canaryModel, kayentaCanaryConfig } from '../testing/canary-analysis-fixtures.ts';
import { analysisSpecFrom } from './analysis-spec.ts';
import { renderVariantQuery } from './templating.ts';

const model = canaryModel();
const errors = { name: 'errors', query: 'sum(rate(errors{track="{{variant}}"}[1m]))', direction: 'increase' };

function problems(request: unknown): Array<{ path: string; message: string }> {
  try {
    analysisSpecFrom(request, { model });
  } catch (error) {
    expect(error).toBeInstanceOf(NinesError);
    return (error as NinesError).details ?? [];
  }
  throw new Error('expected the request to be refused');
}

describe('analysisSpecFrom: metrics', () => {
  it('fills the defaults: the only data source, tier 1 bake of 30 min in five intervals', () => {
    const spec = analysisSpecFrom({ service: 'checkout', metrics: [errors] }, { model });
    expect(spec).toMatchObject({
      service: 'checkout',
      deployId: null,
      source: { kind: 'prometheus', dataSource: 'prom' },
      scope: { label: null, control: 'baseline', experiment: 'canary' },
      bakeMs: 30 * 60_000,
      intervalMs: 6 * 60_000,
      stepMs: 36_000,
      lookbackMs: null,
      confidence: 0.95,
      thresholds: { pass: 95, marginal: 75 },
      sloAware: null,
    });
    expect(spec.metrics[0]).toMatchObject({ critical: false, weight: 1, nanStrategy: 'remove' });
    // Tier 2: 10 minutes, 2-minute intervals.
    const search = analysisSpecFrom({ service: 'search', metrics: [errors] }, { model });
    expect([search.bakeMs, search.intervalMs]).toEqual([10 * 60_000, 2 * 60_000]);
  });

  it('names every problem with its field', () => {
    const found = problems({
      service: 'nope',
      source: 'prom',
      metrics: [
        { name: 'a', query: 'sum(rate(errors[1m]))' },
        { name: 'a', query: 'x{ {{scope}} }' },
      ],
      interval: '5s',
      step: '10s',
      bakeTime: '25h',
    });
    const paths = found.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'service',
        'metrics.0.query',
        'metrics.1.name',
        'metrics.1.query',
        'interval',
        'bakeTime',
      ]),
    );
    expect(found.find((p) => p.path === 'interval')?.message).toContain('shorter than the step');
    expect(found.find((p) => p.path === 'metrics.1.query')?.message).toContain('scope.label');
  });

  it('refuses more than 50 metrics, both metrics and a canary config, and queries in a pushed analysis', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ ...errors, name: `m${i}` }));
    expect(problems({ service: 'checkout', metrics: many }).map((p) => p.path)).toContain('metrics');
    expect(problems({ service: 'checkout', metrics: [errors], canaryConfig: {} })[0]?.path).toBe('metrics');
    expect(problems({ service: 'checkout', source: 'pushed', metrics: [errors] })[0]?.path).toBe(
      'metrics.0.query',
    );
  });
});

describe('analysisSpecFrom: Kayenta canary config', () => {
  it('reads the metrics, queries, analysis configurations and classifier', () => {
    const spec = analysisSpecFrom(
      {
        service: 'checkout',
        scope: { control: 'stable', experiment: 'canary', params: { namespace: 'prod' } },
        canaryConfig: kayentaCanaryConfig(),
      },
      { model },
    );
    expect(spec.confidence).toBe(0.98);
    expect(spec.thresholds).toEqual({ pass: 75, marginal: 50, groupWeights: { errors: 70, latency: 30 } });
    const [errorRate, latency] = spec.metrics;
    expect(errorRate).toMatchObject({
      name: 'error rate',
      direction: 'increase',
      critical: true,
      group: 'errors',
      allowedIncrease: 1.1,
      nanStrategy: 'remove',
    });
    // Kayenta's default query: avg(metric{custom filter, label bindings}) by (fields).
    const rendered = renderVariantQuery(errorRate?.query ?? '', { label: null, value: 'canary' });
    expect(rendered).toEqual({
      ok: true,
      text: `avg(http_errors_total{namespace='prod',track='canary',code=~"5.."}) by (pod)`,
    });
    expect(latency).toMatchObject({
      direction: 'increase',
      critical: false,
      nanStrategy: 'replace',
      group: 'latency',
    });
    expect(renderVariantQuery(latency?.query ?? '', { label: null, value: 'stable' })).toEqual({
      ok: true,
      text: 'histogram_quantile(0.99, sum by (le) (rate(latency_bucket{track="stable"}[1m])))',
    });
  });

  it('reads a bare Kayenta scope placeholder as the scope matcher, one inside quotes as the value', () => {
    const config = kayentaCanaryConfig() as { metrics: Array<{ query: Record<string, unknown> }> };
    const latency = config.metrics[1] as { query: Record<string, unknown> };
    latency.query.customInlineTemplate = `PromQL:sum(rate(latency_count{\${scope}, app='\${scope}-app'}[1m]))`;
    const spec = analysisSpecFrom(
      { service: 'checkout', scope: { label: 'track', params: { namespace: 'prod' } }, canaryConfig: config },
      { model },
    );
    expect(renderVariantQuery(spec.metrics[1]?.query ?? '', { label: 'track', value: 'canary' })).toEqual({
      ok: true,
      text: 'sum(rate(latency_count{track="canary", app=\'canary-app\'}[1m]))',
    });
  });

  it('refuses what Kayenta can do and we cannot, with the path', () => {
    const config = kayentaCanaryConfig() as { metrics: Array<Record<string, unknown>> };
    const first = config.metrics[0] as {
      query: Record<string, unknown>;
      analysisConfigurations: { canary: Record<string, unknown> };
    };
    first.query.type = 'atlas';
    first.analysisConfigurations.canary.outliers = { strategy: 'remove' };
    const found = problems({
      service: 'checkout',
      scope: { params: { namespace: 'p' } },
      canaryConfig: config,
    });
    const paths = found.map((p) => p.path);
    expect(paths).toContain('canaryConfig.metrics.0.query.type');
    expect(paths).toContain('canaryConfig.metrics.0.analysisConfigurations.canary.outliers.strategy');
    expect(found.find((p) => p.path.endsWith('query.type'))?.message).toContain('only Prometheus');
    // A template placeholder nobody gave a value for.
    const missing = problems({ service: 'checkout', canaryConfig: kayentaCanaryConfig() });
    expect(missing[0]).toMatchObject({
      path: 'canaryConfig.metrics.0.query',
      message: expect.stringContaining('scope.params.namespace'),
    });
  });
});

describe('analysisSpecFrom: SLO-aware', () => {
  it("defaults to the SLO's templated queries and its lowest page burn rate", () => {
    const spec = analysisSpecFrom(
      { service: 'checkout', metrics: [errors], sloAware: { slo: 'checkout-availability' } },
      { model },
    );
    // The workbook's page conditions scaled to 30 d: 14.4 and 6 → 6.
    expect(spec.sloAware).toMatchObject({ slo: 'checkout-availability', maxBurnRate: 6 });
    expect(spec.sloAware?.errorQuery).toContain('{{variant}}');
  });

  it('asks for queries when the SLO cannot tell the variants apart, and for the metric when pushed', () => {
    const found = problems({
      service: 'search',
      metrics: [errors],
      sloAware: { slo: 'search-availability' },
    });
    expect(found[0]).toMatchObject({
      path: 'sloAware',
      message: expect.stringContaining('give sloAware.errorQuery'),
    });
    const pushed = problems({
      service: 'checkout',
      source: 'pushed',
      metrics: [{ name: 'errors' }],
      sloAware: { slo: 'checkout-availability' },
    });
    expect(pushed[0]?.path).toBe('sloAware.metric');
    const otherService = problems({
      service: 'search',
      metrics: [errors],
      sloAware: { slo: 'checkout-availability' },
    });
    expect(otherService[0]?.path).toBe('sloAware.slo');
  });
});
