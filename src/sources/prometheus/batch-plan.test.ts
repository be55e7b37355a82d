import { describe, expect, it } from 'vitest';
import { parseCounterQuery, planBatches, TAIL_BATCH } from './batch-plan.ts';
import type { PrometheusIndicator } from './read-sli.ts';

const fleet = (service: string, extra: Partial<PrometheusIndicator> = {}): PrometheusIndicator => ({
  kind: 'prometheus',
  source: 'default',
  errorQuery: `sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`,
  totalQuery: `sum(rate(http_requests_total{service="${service}"}[{{.window}}]))`,
  groupBy: [],
  ...extra,
});

describe('parseCounterQuery', () => {
  it('reads the fleet shape, with or without by, and nothing else', () => {
    expect(parseCounterQuery('sum by (region) (increase(x{a="1", b=~"2|3"}[{{.window}}]))')).toEqual({
      by: ['region'],
      fn: 'increase',
      metric: 'x',
      matchers: [
        { name: 'a', op: '=', value: '1' },
        { name: 'b', op: '=~', value: '2|3' },
      ],
      range: '{{.window}}',
    });
    expect(parseCounterQuery('sum(rate(x{a="1"}[5m])) / sum(rate(y[5m]))')).toBeUndefined();
    expect(parseCounterQuery('max(rate(x{a="1"}[5m]))')).toBeUndefined();
    expect(parseCounterQuery('sum(rate(x{a="1"} offset 5m [5m]))')).toBeUndefined();
  });
});

describe('planBatches', () => {
  it('reads SLOs that differ only in one matcher value with one query pair, split by that label', () => {
    const plan = planBatches([
      { id: 'a', indicator: fleet('svc-1') },
      { id: 'b', indicator: fleet('svc-2') },
      { id: 'c', indicator: fleet('svc.3') },
    ]);
    expect(plan.alone).toEqual([]);
    expect(plan.batches).toEqual([
      {
        label: 'service',
        total: 'sum by (service) (rate(http_requests_total{service=~"svc-1|svc-2|svc\\\\.3"}[{{.window}}]))',
        second:
          'sum by (service) (rate(http_requests_total{service=~"svc-1|svc-2|svc\\\\.3",code=~"5.."}[{{.window}}]))',
        labelAdded: true,
        sameGroups: true,
        members: [
          { id: 'a', value: 'svc-1' },
          { id: 'b', value: 'svc-2' },
          { id: 'c', value: 'svc.3' },
        ],
      },
    ]);
  });

  it('keeps apart SLOs whose other matchers, groupBy, counting or source differ', () => {
    const plan = planBatches([
      { id: 'a', indicator: fleet('svc-1') },
      {
        id: 'b',
        indicator: fleet('svc-2', {
          errorQuery: 'sum(rate(http_requests_total{service="svc-2",code=~"4.."}[{{.window}}]))',
        }),
      },
      { id: 'c', indicator: fleet('svc-3', { groupBy: ['region'] }) },
      { id: 'd', indicator: fleet('svc-4', { source: 'other' }) },
      {
        id: 'e',
        indicator: { ...fleet('svc-5'), errorQuery: undefined, goodQuery: fleet('svc-5').errorQuery },
      },
    ]);
    expect(plan.batches).toEqual([]);
    expect(plan.alone).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('leaves alone values a regex would read differently, and queries that name the label twice', () => {
    const plan = planBatches([
      { id: 'a', indicator: fleet('svc-1') },
      { id: 'b', indicator: fleet('svc|2') },
      { id: 'c', indicator: fleet('') },
      {
        id: 'd',
        indicator: fleet('svc-4', {
          totalQuery: 'sum(rate(http_requests_total{service="svc-4",service!="x"}[{{.window}}]))',
        }),
      },
    ]);
    expect(plan.batches).toEqual([]);
    expect(plan.alone).toEqual(['a', 'b', 'c', 'd']);
  });

  it('splits a large fleet into batches of at most 100', () => {
    const specs = Array.from({ length: 250 }, (_, i) => ({ id: `s${i}`, indicator: fleet(`svc-${i}`) }));
    const plan = planBatches(specs);
    expect(plan.batches.map((b) => b.members.length)).toEqual([100, 100, 50]);
    expect(plan.alone).toEqual([]);
  });

  it('plans tail reads in batches of up to 2,000 SLOs, or fewer when the regex would pass 40,000 characters', () => {
    const specs = Array.from({ length: 4_500 }, (_, i) => ({ id: `s${i}`, indicator: fleet(`svc-${i}`) }));
    expect(planBatches(specs, TAIL_BATCH).batches.map((b) => b.members.length)).toEqual([2_000, 2_000, 500]);
    // 100-character service names: 396 of them and their separators fill 40,000 characters.
    const long = (i: number) => `${'x'.repeat(96)}${String(i).padStart(4, '0')}`;
    const longSpecs = Array.from({ length: 800 }, (_, i) => ({ id: `l${i}`, indicator: fleet(long(i)) }));
    expect(planBatches(longSpecs, TAIL_BATCH).batches.map((b) => b.members.length)).toEqual([396, 396, 8]);
  });

  it('says whether both queries sum by the same labels (a tail read divides one by the other)', () => {
    const by = (total: string, second: string) => (service: string) =>
      fleet(service, {
        errorQuery: `sum by (${second}) (rate(x{service="${service}",code="500"}[{{.window}}]))`,
        totalQuery: `sum by (${total}) (rate(x{service="${service}"}[{{.window}}]))`,
      });
    const sameGroups = (indicator: (service: string) => PrometheusIndicator) =>
      planBatches(['a', 'b'].map((id) => ({ id, indicator: indicator(id) }))).batches[0]?.sameGroups;
    expect(sameGroups(by('region', 'region'))).toBe(true);
    // The batch label is added to both: naming it in one of them changes nothing.
    expect(sameGroups(by('service, region', 'region'))).toBe(true);
    expect(sameGroups(by('region', 'region, code'))).toBe(false);
  });

  it('keeps a by list, adding the label in front of it', () => {
    const grouped = (service: string) =>
      fleet(service, {
        errorQuery: `sum by (region) (rate(x{service="${service}",code="500"}[{{.window}}]))`,
        totalQuery: `sum by (region) (rate(x{service="${service}"}[{{.window}}]))`,
        groupBy: ['region'],
      });
    const plan = planBatches([
      { id: 'a', indicator: grouped('a') },
      { id: 'b', indicator: grouped('b') },
    ]);
    expect(plan.batches[0]?.total).toBe('sum by (service, region) (rate(x{service=~"a|b"}[{{.window}}]))');
    expect(plan.batches[0]?.labelAdded).toBe(true);
  });
});
