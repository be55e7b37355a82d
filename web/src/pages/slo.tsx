import { useMemo } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { Chart, type ChartBand, type ChartLine, type ChartSeries } from '../components/chart.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { type Column, PagedTable } from '../components/paged-table.tsx';
import { Status } from '../components/status.tsx';
import { ago, dateTime, duration, num, percent } from '../format.ts';
import { href, Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import {
  alertShades,
  budgetRange,
  burnRatesText,
  chartWindows,
  exclusionShades,
  idealBurnDown,
  type Shade,
  sortWindows,
  stepFor,
} from '../slo-charts.ts';
import { must, useApi } from '../use-api.ts';
import { useLiveReload } from '../use-live-reload.ts';

type Slo = Schemas['SloStatus'];
/** Points with the thresholds, alert episodes and exclusions of their range. */
type History = Schemas['SloHistory'];
type Marker = { at: number; label: string };

const BURN_SPAN_MS = 24 * 3_600_000;
/** An overspent budget is drawn down to −100 % (twice the budget spent); the text gives the real figure. */
const BUDGET_FLOOR = -1;
/** Deploys read for the markers: the longest SLO window charted (a calendar quarter is 92 days). */
const DEPLOY_SPAN_MS = 92 * 86_400_000;

/** Deploys started within [fromSec, toSec] as chart markers. */
function deployMarkers(deploys: Schemas['Deploy'][] | undefined, fromSec: number, toSec: number): Marker[] {
  return (deploys ?? [])
    .map((d) => ({
      at: Date.parse(d.startedAt) / 1000,
      label: `deploy ${d.version} (${d.environment}${d.outcome ? `, ${d.outcome.replaceAll('_', ' ')}` : ''})`,
    }))
    .filter((m) => m.at >= fromSec && m.at <= toSec)
    .sort((a, b) => a.at - b.at);
}

function deployText(markers: Marker[]): string {
  if (markers.length === 0) return 'No deploy in this range.';
  return `${markers.length} deploy${markers.length === 1 ? '' : 's'} in this range, the last ${markers.at(-1)?.label}.`;
}
const SERIES_COLORS = ['var(--series-1)', 'var(--series-2)', 'var(--series-3)', 'var(--series-4)'];
/** The burn-rate axis is logarithmic (1,000× spikes and 0.05× calm on one chart); it starts here. */
const BURN_FLOOR = 0.01;

/** Log-axis labels at powers of ten only (0.01×, 0.1×, 1×, 10×…); the ticks between stay unlabelled. */
function decadeLabel(v: number): string {
  const exponent = Math.log10(v);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? `${num(v)}×` : '';
}

function rateText(v: number): string {
  return v <= BURN_FLOOR ? `≤ ${BURN_FLOOR}×` : `${num(v)}×`;
}

/**
 * One colour per alert (its long window solid, its short window dashed), so each threshold reads with its
 * pair; without the policy, colours in window order.
 */
function windowStyle(
  window: string,
  index: number,
  alertWindows: ReadonlyArray<{ longWindow: string; shortWindow: string }>,
): { color: string; dash?: number[] } {
  const pair = alertWindows.findIndex((a) => a.longWindow === window || a.shortWindow === window);
  const i = pair === -1 ? index : pair;
  const color = SERIES_COLORS[i % SERIES_COLORS.length] as string;
  const short = pair === -1 ? index >= SERIES_COLORS.length : alertWindows[pair]?.shortWindow === window;
  return short ? { color, dash: [4, 3] } : { color };
}

/** One SLO: its facts, the budget burn-down over its window, the burn rates of the last 24 h, its alerts. */
export default function SloView({ params }: ViewProps) {
  const name = params.name ?? '';
  useTitle(name, 'SLOs');
  const { api } = useSession();
  const slo = useApi(
    async () => must(await api.GET('/api/v1/slos/{name}', { params: { path: { name } } })),
    [api, name],
  );
  const alerts = useApi(
    async () =>
      must(await api.GET('/api/v1/alerts', { params: { query: { slo: name, limit: 100 } } })).alerts,
    [api, name],
  );
  // Deploys of the service over the longest window charted (issue 13): drawn as markers on both charts.
  const service = slo.data?.service;
  const deploys = useApi(async () => {
    if (!service) return [];
    const query = { service, from: String(Date.now() - DEPLOY_SPAN_MS), limit: 1000 };
    return must(await api.GET('/api/v1/deploys', { params: { query } })).deploys;
  }, [api, service]);
  useLiveReload(
    ['slo'],
    () => {
      slo.reload();
      alerts.reload();
    },
    5_000,
  );

  if (!slo.data) {
    return (
      <View title={name}>
        {slo.error ? <ErrorNotice message={slo.error} /> : <Loading what={`SLO ${name}`} />}
      </View>
    );
  }
  const s = slo.data;
  return (
    <View title={name}>
      <ErrorNotice message={slo.error} />
      <SloFacts slo={s} />
      <div className="charts">
        <BudgetChart slo={s} deploys={deploys.data} />
        <BurnChart slo={s} deploys={deploys.data} />
      </div>
      <h2>Alert history</h2>
      <AlertHistory alerts={alerts.data} error={alerts.error} />
    </View>
  );
}

function SloFacts({ slo }: { slo: Slo }) {
  return (
    <Facts
      items={[
        ['Status', <Status key="s" value={slo.status} />],
        [
          'Service',
          <Link key="l" href={href('services', slo.service)}>
            {slo.service}
          </Link>,
        ],
        ['Objective', `${num(slo.objective, 4)} %`],
        [
          'SLI',
          slo.sli.ratio === null
            ? '—'
            : `${percent(slo.sli.ratio, 4)} (${slo.sli.good?.toLocaleString() ?? '—'} good of ${slo.sli.total?.toLocaleString() ?? '—'})`,
        ],
        ['Indicator', `${slo.indicator}, ${slo.budgeting}`],
        ['Window', `${slo.window}${slo.timeZone ? ` (${slo.timeZone})` : ''}`],
        ['Budget remaining', percent(slo.errorBudget.remaining)],
        ['Budget consumed', percent(slo.errorBudget.consumed)],
        [
          'Alerts firing',
          slo.alerts.length
            ? slo.alerts.map((a) => `${a.severity} since ${dateTime(a.since)}`).join(', ')
            : 'none',
        ],
        ['Evaluated', ago(slo.evaluatedAt)],
        ...(slo.reason ? [['Why no data', slo.reason] as [string, string]] : []),
      ]}
    />
  );
}

function useHistory(name: string, fromMs: number, toMs: number, stepSeconds: number) {
  const { api } = useSession();
  return useApi(
    async () =>
      must(
        await api.GET('/api/v1/slos/{name}/history', {
          params: {
            path: { name },
            query: { from: String(fromMs), to: String(toMs), step: String(stepSeconds) },
          },
        }),
      ),
    [api, name, fromMs, toMs, stepSeconds],
  );
}

/** Shaded ranges: exclusions, then alert episodes. */
function shades(history: History | undefined, fromSec: number, toSec: number) {
  const nowSec = Date.now() / 1000;
  const out: Shade[] = [
    ...exclusionShades(history?.exclusions ?? [], fromSec, toSec),
    ...alertShades(history?.alerts ?? [], fromSec, toSec, nowSec),
  ];
  return out.map(
    (b): ChartBand => ({
      ...b,
      color:
        b.severity === 'exclusion'
          ? 'var(--info)'
          : b.severity === 'page'
            ? 'var(--bad)'
            : b.severity === 'ticket'
              ? 'var(--warn)'
              : 'var(--ideal)',
    }),
  );
}

function BudgetChart({ slo, deploys }: { slo: Slo; deploys?: Schemas['Deploy'][] }) {
  // The range is fixed per evaluation, so a live reload of the SLO asks again only when it moved.
  const range = useMemo(() => budgetRange(slo, Date.parse(slo.evaluatedAt ?? '') || Date.now()), [slo]);
  const history = useHistory(slo.name, range.queryFromMs, range.toMs, range.stepSeconds);
  const chart = useMemo(() => {
    const points = history.data?.points ?? [];
    const x = points.map((p) => Date.parse(p.time) / 1000);
    const budget: Array<number | null> = points.map((p) => p.budgetRemaining);
    const endSec = range.endMs / 1000;
    if (x.length > 0 && endSec > (x.at(-1) as number) + range.stepSeconds / 2) {
      x.push(endSec);
      budget.push(null);
    }
    const ideal = idealBurnDown(x, range.fromMs / 1000, endSec);
    return { x, budget, ideal };
  }, [history.data, range]);
  if (!history.data)
    return history.error ? <ErrorNotice message={history.error} /> : <Loading what="the budget history" />;

  const markers = deployMarkers(deploys, range.fromMs / 1000, range.toMs / 1000);
  const calendar = range.endMs > range.toMs;
  const nowIdeal = idealBurnDown([range.toMs / 1000], range.fromMs / 1000, range.endMs / 1000)[0] ?? 0;
  const remaining = slo.errorBudget.remaining;
  const values = chart.budget.filter((v): v is number => v !== null);
  const low = Math.min(0, ...values);
  const series: ChartSeries[] = [
    { label: 'Budget remaining', color: 'var(--series-1)', format: (v) => percent(v, 2) },
    { label: 'Ideal burn-down', color: 'var(--ideal)', dash: [6, 4], format: (v) => percent(v, 2) },
  ];
  const lines: ChartLine[] =
    low < 0 ? [{ value: 0, label: 'Budget exhausted (0 %)', color: 'var(--bad)' }] : [];
  return (
    <>
      <ErrorNotice message={history.error} />
      <Chart
        title="Error budget remaining"
        summary={
          <p>
            Budget remaining: {percent(remaining)} of the {slo.window} window (consumed{' '}
            {percent(slo.errorBudget.consumed)}
            ).{' '}
            {calendar
              ? `Spending evenly until ${dateTime(new Date(range.endMs).toISOString())} would leave ${percent(nowIdeal, 1)} now: ${
                  remaining !== null && remaining >= nowIdeal ? 'ahead of' : 'behind'
                } the ideal.`
              : `Rolling window: each point is the budget left over the ${slo.window} before it; the ideal line spends it evenly from ${dateTime(new Date(range.fromMs).toISOString())} to now.`}{' '}
            {values.length
              ? `Lowest in the window: ${percent(Math.min(...values), 2)}${low < BUDGET_FLOOR ? ` (the chart stops at ${percent(BUDGET_FLOOR, 0)})` : ''}.`
              : 'No history in the window yet.'}{' '}
            {deployText(markers)}
          </p>
        }
        data={[chart.x, chart.budget, chart.ideal]}
        series={series}
        lines={lines}
        bands={shades(history.data, range.fromMs / 1000, range.endMs / 1000)}
        markers={markers}
        yMin={low < 0 ? Math.max(low * 1.1, BUDGET_FLOOR) : 0}
        yMax={1}
        yFormat={(v) => percent(v, 0)}
      />
    </>
  );
}

function BurnChart({ slo, deploys }: { slo: Slo; deploys?: Schemas['Deploy'][] }) {
  const toMs = Date.parse(slo.evaluatedAt ?? '') || Date.now();
  const range = useMemo(
    () => ({ fromMs: toMs - BURN_SPAN_MS, toMs, stepSeconds: stepFor(BURN_SPAN_MS, 289) }),
    [toMs],
  );
  const history = useHistory(slo.name, range.fromMs, range.toMs, range.stepSeconds);
  const view = useMemo(() => {
    const points = history.data?.points ?? [];
    const latest = points.at(-1);
    const keys = latest ? Object.keys(latest.burnRates) : [];
    const windows = chartWindows(keys, history.data?.alertWindows);
    const x = points.map((p) => Date.parse(p.time) / 1000);
    // A log axis cannot show 0: rates under the floor sit on it (the summary gives exact values).
    const data = windows.map((w) =>
      points.map((p) => {
        const v = (p.burnRates as Record<string, number | null>)[w];
        return v === null || v === undefined ? null : Math.max(BURN_FLOOR, v);
      }),
    );
    return { latest, keys: sortWindows(keys), windows, x, data };
  }, [history.data]);
  if (!history.data)
    return history.error ? <ErrorNotice message={history.error} /> : <Loading what="the burn rates" />;

  const thresholds = history.data.alertWindows;
  const markers = deployMarkers(deploys, range.fromMs / 1000, range.toMs / 1000);
  const lines: ChartLine[] = thresholds.map((t) => ({
    value: t.burnRate,
    label: `${t.severity} when ${t.longWindow} and ${t.shortWindow} burn above ${num(t.burnRate)}×`,
    color: t.severity === 'page' ? 'var(--bad)' : 'var(--warn)',
  }));
  const series: ChartSeries[] = view.windows.map((w, i) => ({
    label: w,
    ...windowStyle(w, i, thresholds),
    format: rateText,
  }));
  const highest = Math.max(
    1,
    ...thresholds.map((t) => t.burnRate),
    ...view.data.flat().filter((v): v is number => v !== null),
  );
  const rates = view.latest?.burnRates as Record<string, number | null> | undefined;
  return (
    <>
      <ErrorNotice message={history.error} />
      <Chart
        title="Burn rate"
        summary={
          <p>
            Burn rates now (1× spends the budget exactly over the window): {burnRatesText(rates)}.{' '}
            {thresholds.length
              ? `Alerts: ${lines.map((l) => l.label).join('; ')}.`
              : 'This SLO alerts on no burn rate.'}{' '}
            {slo.alerts.length
              ? `Firing: ${slo.alerts.map((a) => `${a.severity} since ${dateTime(a.since)}`).join(', ')}.`
              : 'No alert firing.'}{' '}
            {deployText(markers)}
          </p>
        }
        data={[view.x, ...view.data]}
        series={series}
        lines={lines}
        bands={shades(history.data, range.fromMs / 1000, range.toMs / 1000)}
        markers={markers}
        yMin={BURN_FLOOR}
        yMax={highest * 2}
        yLog
        yFormat={decadeLabel}
      />
    </>
  );
}

type AlertRow = Schemas['Alert'];

const alertColumns: Array<Column<AlertRow>> = [
  { header: 'Severity', cell: (a) => a.severity },
  { header: 'State', cell: (a) => <Status value={a.state} /> },
  { header: 'Fired', cell: (a) => dateTime(a.firedAt) },
  { header: 'Resolved', cell: (a) => dateTime(a.resolvedAt) },
  {
    header: 'Lasted',
    cell: (a) =>
      duration(((a.resolvedAt ? Date.parse(a.resolvedAt) : Date.now()) - Date.parse(a.firedAt)) / 1000),
    numeric: true,
  },
  {
    header: 'Burn at fire',
    cell: (a) =>
      Object.entries(a.burnRatesAtFire)
        .filter(([, v]) => v !== null)
        .map(([w, v]) => `${w} ${num(v)}×`)
        .slice(0, 4)
        .join(', ') || '—',
  },
];

function AlertHistory({ alerts, error }: { alerts?: AlertRow[]; error: string | null }) {
  if (!alerts) return error ? <ErrorNotice message={error} /> : <Loading what="the alerts" />;
  return (
    <>
      <ErrorNotice message={error} />
      <PagedTable
        caption="Alerts, newest first"
        rows={alerts}
        columns={alertColumns}
        rowKey={(a) => a.id}
        empty="This SLO has not alerted."
        pageSize={20}
      />
    </>
  );
}
