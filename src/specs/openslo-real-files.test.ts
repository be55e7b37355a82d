import { describe, expect, it } from 'vitest';
import { loadTexts, opensloRatioSlo, problemLines } from '../testing/specs-fixtures.ts';

const slo = (ratioMetric: string) => opensloRatioSlo(ratioMetric);

const metric = (role: string, query: string) =>
  `        ${role}: { metricSource: { type: Prometheus, spec: { query: ${JSON.stringify(query)} } } }`;

function indicatorOf(ratioMetric: string) {
  const result = loadTexts({ 'o.yaml': slo(ratioMetric) });
  return { problems: problemLines(result), indicator: result.model.slos[0]?.indicator };
}

describe('OpenSLO files as OpenSLO tools write them', () => {
  it('connectionDetails written as a list (the OpenSLO Go SDK v1 example) is read', () => {
    const result = loadTexts({
      'd.yaml': `- apiVersion: openslo/v1
  kind: DataSource
  metadata: { name: prometheus, labels: { env: [prod] } }
  spec:
    type: Prometheus
    connectionDetails:
    - url: http://prometheus.example.com
`,
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.dataSources.find((source) => source.name === 'prometheus')?.url).toBe(
      'http://prometheus.example.com',
    );
  });

  it('a range selector in a query becomes {{.window}}, so each burn window reads its own range', () => {
    const { problems, indicator } = indicatorOf(
      [
        metric('bad', 'sum(rate(http_requests_total{code=~"5.."}[5m]))'),
        metric('total', 'sum(rate(http_requests_total[5m]))'),
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(indicator).toMatchObject({
      errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
    });
  });

  it('counter: true on a cumulative counter is read as its rate per window, not as a lifetime ratio', () => {
    // The OpenSLO Go SDK's own v1 SLO example.
    const { problems, indicator } = indicatorOf(
      [
        '        counter: true',
        metric('good', 'sum(http_requests{k8s_cluster="prod",component="web",code=~"2xx|4xx"})'),
        metric('total', 'http_requests{k8s_cluster="prod",component="web"}'),
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(indicator).toMatchObject({
      goodQuery: 'sum(rate(http_requests{k8s_cluster="prod",component="web",code=~"2xx|4xx"}[{{.window}}]))',
      totalQuery: 'sum(rate(http_requests{k8s_cluster="prod",component="web"}[{{.window}}]))',
    });
  });

  it('increase() over a range is read as rate() over each window (the same ratio, in events per second)', () => {
    const { indicator } = indicatorOf(
      [
        metric('bad', 'sum(increase(errors_total[5m]))'),
        metric('total', 'sum(increase(requests_total[5m]))'),
      ].join('\n'),
    );
    expect(indicator).toMatchObject({
      errorQuery: 'sum(rate(errors_total[{{.window}}]))',
      totalQuery: 'sum(rate(requests_total[{{.window}}]))',
    });
  });

  it('queries that cannot be read over a window are refused with how to write them', () => {
    const { problems, indicator } = indicatorOf(
      [metric('bad', 'sum(job:errors:rate5m)'), metric('total', 'sum(irate(requests_total[5m]))')].join('\n'),
    );
    expect(indicator).toBeUndefined();
    expect(problems).toEqual([
      'o.yaml:9:65: a query without a range selector cannot be read per step or per burn window: write the rate of a counter, e.g. sum(rate(http_requests_total[5m])) (Nines replaces the range by each window), or set ratioMetric.counter: true if the query is a raw counter',
      'o.yaml:10:67: irate() reads only the last two samples of a range, whatever the window: use rate(), e.g. sum(rate(http_requests_total[5m]))',
    ]);
  });

  it('counter: true on an expression Nines cannot turn into a rate is refused with how to write it', () => {
    const { problems } = indicatorOf(
      [
        '        counter: true',
        metric('good', 'sum(a_total) - sum(b_total)'),
        metric('total', 'requests_total'),
      ].join('\n'),
    );
    expect(problems).toEqual([
      'o.yaml:10:66: counter: true needs a counter selector such as http_requests_total{code!~"5.."} (optionally in sum(...) or sum by (...) (...)), or a rate over a range such as sum(rate(http_requests_total[5m])) whose range Nines replaces by each window',
    ]);
  });
});
