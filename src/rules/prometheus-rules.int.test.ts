import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hasBinary, modelWithSlos, PROMTOOL_BIN, prometheusSlo } from '../testing/prometheus.ts';
import { loadTexts, opensloCounterMetric, opensloRatioSlo, problemLines } from '../testing/specs-fixtures.ts';
import { prometheusRules } from './prometheus-rules.ts';

// 99.9 % over 30 days: budget 0.001. Page: 1h and 5m > 14.4 x 0.001 = 0.0144, or 6h and 30m > 0.006.
// Ticket: 1d and 2h > 3 x 0.001 = 0.003, or 3d and 6h > 0.001. No alert under 100 events in the long window.
const api = prometheusSlo({
  alerting: {
    ...prometheusSlo().alerting,
    name: 'ApiErrors',
    labels: { category: 'availability' },
    minEvents: 100,
  },
});
// Only checked for syntax: a goodQuery split by region, whose alert summary is a template.
const search = prometheusSlo({
  name: 'search-latency',
  service: 'search',
  objective: 99,
  indicator: {
    kind: 'prometheus',
    source: 'prod',
    goodQuery: 'sum by (region) (rate(search_duration_seconds_bucket{le="0.3"}[{{.window}}]))',
    totalQuery: 'sum by (region) (rate(search_duration_seconds_count[{{.window}}]))',
    groupBy: ['region'],
  },
});
const labels = { slo: 'api-availability', service: 'api', category: 'availability' };
const annotations = {
  summary: 'api/api-availability is burning its error budget too fast (objective 99.9%)',
  runbook: 'https://runbooks.test/api',
};
const catastrophicReason =
  'catastrophic tier: near-total outage, burning the budget so fast that a page cannot wait for the page tier';

type Fire = 'page' | 'ticket' | 'catastrophic';

/** The labels and annotations promtool should see on one alert of `fire`. */
function expected(fire: Fire, base: { labels: object; annotations: object }) {
  if (fire !== 'catastrophic') {
    return { exp_labels: { ...base.labels, severity: fire }, exp_annotations: base.annotations };
  }
  return {
    exp_labels: { ...base.labels, severity: 'page', tier: 'catastrophic' },
    exp_annotations: { ...base.annotations, reason: catastrophicReason },
  };
}

/** Promtool's expanding notation for a counter starting at 0 and growing `perMinute` for `minutes`, per segment. */
function counter(...segments: [perMinute: number, minutes: number][]): string {
  let value = 0;
  const parts = ['0'];
  for (const [perMinute, minutes] of segments) {
    parts.push(`${value + perMinute}+${perMinute}x${minutes - 1}`);
    value += perMinute * minutes;
  }
  return parts.join(' ');
}

function scenario(ok: string, failed: string, checks: { at: string; fires: Fire[] }[]) {
  return {
    interval: '1m',
    input_series: [
      { series: 'http_requests_total{job="api",code="200"}', values: ok },
      { series: 'http_requests_total{job="api",code="500"}', values: failed },
    ],
    alert_rule_test: checks.map(({ at, fires }) => ({
      eval_time: at,
      alertname: 'ApiErrors',
      exp_alerts: fires.map((fire) => expected(fire, { labels, annotations })),
    })),
  };
}

function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL_BIN, args, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe.skipIf(!hasBinary(PROMTOOL_BIN))('exported Prometheus rules under promtool', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nines-rules-'));
    await writeFile(
      join(dir, 'rules.yml'),
      prometheusRules(modelWithSlos([api, search], { runbook: 'https://runbooks.test/api' })),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function promtoolTest(name: string, tests: object[]) {
    const file = join(dir, `${name}.test.yml`);
    await writeFile(file, stringify({ rule_files: ['rules.yml'], evaluation_interval: '1m', tests }));
    return run(['test', 'rules', file]);
  }

  it('passes promtool check rules', async () => {
    const result = await run(['check', 'rules', join(dir, 'rules.yml')]);

    // api: 8 ratios (1m for the catastrophic tier) + 5 event counts (its 5m too) + 3 alerts;
    // search: 8 ratios + 1 event count (the catastrophic tier's minEvents is 100) + 3 alerts.
    expect(result.output).toContain('SUCCESS: 28 rules found');
    expect(result.code).toBe(0);
  });

  it('passes promtool check rules with no Prometheus SLO at all', async () => {
    await writeFile(join(dir, 'empty.yml'), prometheusRules(modelWithSlos([])));

    expect((await run(['check', 'rules', join(dir, 'empty.yml')])).code).toBe(0);
  });

  it('pages one minute into a full outage', async () => {
    // 1000 req/min. Healthy for 60 min, then every request fails.
    // 60m: no error yet, every ratio is 0 -> nothing.
    // 61m: 5m window [56m, 61m] holds 1000 failures of 5000 = 0.2 > 0.0144, and the 1h window [1m, 61m]
    // 1000 of 60,000 = 0.0167 > 0.0144 with 60,000 >= 100 events -> page. The 2h and 1d windows reach
    // back to the start: 1000 of 61,000 = 0.0164 > 0.003 -> ticket too. The catastrophic tier: 5m 0.2 and
    // 1m [60m, 61m] 1000 of 1000 = 1 > 30 x 0.001, 1m >= 0.2 failing, 5,000 >= 100 events in 5m.
    const result = await promtoolTest('outage', [
      scenario(counter([1000, 60], [0, 20]), counter([0, 60], [1000, 20]), [
        { at: '60m', fires: [] },
        { at: '61m', fires: ['page', 'ticket', 'catastrophic'] },
        { at: '80m', fires: ['page', 'ticket', 'catastrophic'] },
      ]),
    ]);

    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('only opens a ticket for a slow burn, once enough of it has accumulated', async () => {
    // 1000 req/min. Healthy for 6 h (360 min), then 0.4 % fail (4/min): burn rate 4, under both page
    // rates (0.004 < 0.006 < 0.0144) at every window, forever.
    // After x minutes of burn the 3d window still reaches back to the start: 4x / (1000 (360 + x)), which
    // exceeds 0.001 once x > 120; the 6h window (4 min(x, 360) / 360,000) exceeds it once x > 90.
    // The 1d/2h condition would need 4x / (1000 (360 + x)) > 0.003, i.e. x > 18 h.
    // 479m (x = 119): 3d 476 / 479,000 = 0.00099 -> nothing.
    // 481m (x = 121): 3d 484 / 481,000 = 0.00101, 6h 484 / 360,000 = 0.00134 -> ticket; 1h 0.004 -> no page.
    const result = await promtoolTest('slow-burn', [
      scenario(counter([1000, 360], [996, 121]), counter([0, 360], [4, 121]), [
        { at: '479m', fires: [] },
        { at: '481m', fires: ['ticket'] },
      ]),
    ]);

    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('stays silent for an error rate within budget', async () => {
    // 2000 req/min, 1 failing (0.05 %): every window's ratio is 0.0005, under the lowest threshold 0.001.
    const result = await promtoolTest('within-budget', [
      scenario(counter([1999, 240]), counter([1, 240]), [
        { at: '5m', fires: [] },
        { at: '1h', fires: [] },
        { at: '4h', fires: [] },
      ]),
    ]);

    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });
});

// The OpenSLO Go SDK's v1 SLO shape: cumulative counters (counter: true) without a range selector.
const opensloCounters = opensloRatioSlo(
  opensloCounterMetric(
    'sum(http_requests_total{job="api",code="200"})',
    'sum(http_requests_total{job="api"})',
  ),
  0.999,
);

// Only checked for syntax: a threshold metric, averaged over each window with a subquery.
const opensloThreshold = `apiVersion: openslo/v1
kind: SLO
metadata: { name: web-latency }
spec:
  service: checkout
  indicator:
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec: { query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))' }
  budgetingMethod: Occurrences
  objectives: [{ op: lt, value: 0.3, target: 0.99 }]
`;

describe.skipIf(!hasBinary(PROMTOOL_BIN))('rules exported from an OpenSLO file under promtool', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nines-openslo-rules-'));
    const result = loadTexts({ 'openslo.yaml': opensloCounters });
    expect(problemLines(result)).toEqual([]);
    await writeFile(join(dir, 'rules.yml'), prometheusRules(result.model));
    const threshold = loadTexts({ 'openslo.yaml': opensloThreshold });
    expect(problemLines(threshold)).toEqual([]);
    await writeFile(join(dir, 'threshold.yml'), prometheusRules(threshold.model));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes promtool check rules', async () => {
    const result = await run(['check', 'rules', join(dir, 'rules.yml'), join(dir, 'threshold.yml')]);

    // Per SLO (ratio, threshold): 8 error ratios + the catastrophic tier's 5m event count + 3 alerts
    // (alerting.minEvents is 0: no other event counts).
    expect(result.output.match(/SUCCESS: 12 rules found/g)).toHaveLength(2);
    expect(result.code).toBe(0);
  });

  it('pages one minute into an outage after 10 healthy hours: windows read increases, not lifetime totals', async () => {
    // 1000 req/min. Healthy for 600 min, then every request fails. Read as lifetime totals (the bug),
    // every window says 1000 bad of 601,000 = 0.00166 at 601m: under the page rates, a ticket only
    // (3d/6h > 0.001). Read as increases per window: 5m 1000 of 5000 = 0.2 and 1h 1000 of 60,000 =
    // 0.0167, both > 14.4 x 0.001 -> page; 3d 0.00166 and 6h 1000 of 360,000 = 0.0028 > 0.001 -> ticket;
    // 1m 1000 of 1000 and 5m 0.2 > 0.03 with 5,000 events -> the catastrophic page.
    const file = join(dir, 'outage.test.yml');
    const checks: { at: string; fires: Fire[] }[] = [
      { at: '600m', fires: [] },
      { at: '601m', fires: ['page', 'ticket', 'catastrophic'] },
    ];
    const tests = [
      {
        interval: '1m',
        input_series: [
          { series: 'http_requests_total{job="api",code="200"}', values: counter([1000, 600], [0, 2]) },
          { series: 'http_requests_total{job="api",code="500"}', values: counter([0, 600], [1000, 2]) },
        ],
        alert_rule_test: checks.map(({ at, fires }) => ({
          eval_time: at,
          alertname: 'ErrorBudgetBurn',
          exp_alerts: fires.map((fire) =>
            expected(fire, {
              labels: { slo: 'web-availability', service: 'checkout' },
              annotations: {
                summary: 'checkout/web-availability is burning its error budget too fast (objective 99.9%)',
              },
            }),
          ),
        })),
      },
    ];
    await writeFile(file, stringify({ rule_files: ['rules.yml'], evaluation_interval: '1m', tests }));
    const result = await run(['test', 'rules', file]);

    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });
});
