import { describe, expect, it } from 'vitest';
import { windowRatioQuery } from './openslo-query.ts';

describe('windowRatioQuery', () => {
  it('keeps a query that already has {{.window}}', () => {
    expect(windowRatioQuery('sum(rate(x[{{ .window }}]))', false)).toEqual({
      query: 'sum(rate(x[{{ .window }}]))',
    });
  });

  it('leaves brackets inside label values alone and rewrites only real ranges', () => {
    expect(windowRatioQuery('sum(rate(http_requests_total{path=~"/a[0-9]+"}[5m]))', false)).toEqual({
      query: 'sum(rate(http_requests_total{path=~"/a[0-9]+"}[{{.window}}]))',
    });
  });

  it('rewrites every range of a query, composite durations included, and keeps a subquery resolution', () => {
    expect(windowRatioQuery('sum(rate(a_total[1h30m])) - sum(rate(b_total[5m]))', false)).toEqual({
      query: 'sum(rate(a_total[{{.window}}])) - sum(rate(b_total[{{.window}}]))',
    });
    expect(windowRatioQuery('sum(max_over_time(up[10m:1m]))', false)).toEqual({
      query: 'sum(max_over_time(up[{{.window}}:1m]))',
    });
  });

  it('turns a summed counter with by (...) into the rate of that counter, keeping the grouping', () => {
    expect(windowRatioQuery('sum by (code) (http_requests_total{job="api"})', true)).toEqual({
      query: 'sum by (code) (rate(http_requests_total{job="api"}[{{.window}}]))',
    });
    expect(windowRatioQuery('sum(http_requests_total) by (code)', true)).toEqual({
      query: 'sum by (code) (rate(http_requests_total[{{.window}}]))',
    });
  });

  it('does not mistake irate inside a label value for a call', () => {
    expect(windowRatioQuery('sum(rate(x_total{fn="irate("}[5m]))', false)).toEqual({
      query: 'sum(rate(x_total{fn="irate("}[{{.window}}]))',
    });
  });
});
