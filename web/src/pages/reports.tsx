import { useId, useMemo } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { BarChart } from '../components/bar-chart.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { type Column, PagedTable } from '../components/paged-table.tsx';
import { duration, num, percent } from '../format.ts';
import { availabilityFloor, fleetByMonth, pagesByWeek } from '../report-math.ts';
import { href, Link, navigate, useLocation, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';

const PERIODS = [7, 30, 90] as const;
const DAY_MS = 86_400_000;
const PAGE_LIMIT = 1000;

type Reliability = Schemas['ReliabilityReport'];
type Oncall = Schemas['OncallHealth'];

/** Reliability (availability, incident times, severities) and on-call health over a chosen period. */
export default function ReportsView(_props: ViewProps) {
  useTitle('Reports');
  const { api } = useSession();
  const location = useLocation();
  const asked = Number(location.searchParams.get('days'));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const periodId = useId();
  // Whole minutes, so re-renders within a minute ask the same question.
  const toMs = useMemo(() => Math.floor(Date.now() / 60_000) * 60_000, []);
  const fromMs = toMs - days * DAY_MS;
  const query = { from: String(fromMs), to: String(toMs) };
  const reliability = useApi(
    async () => must(await api.GET('/api/v1/reports/reliability', { params: { query } })),
    [api, fromMs, toMs],
  );
  const oncall = useApi(
    async () => must(await api.GET('/api/v1/reports/oncall', { params: { query } })),
    [api, fromMs, toMs],
  );
  const pages = useApi(
    async () => must(await api.GET('/api/v1/pages', { params: { query: { limit: PAGE_LIMIT } } })).pages,
    [api],
  );

  return (
    <View title="Reports">
      <div className="form-row">
        <div>
          <label htmlFor={periodId}>Period</label>
          <select
            id={periodId}
            value={days}
            onChange={(e) => navigate(`/reports?days=${e.target.value}`, { replace: true })}
          >
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <h2>Reliability</h2>
      <ErrorNotice message={reliability.error} />
      {reliability.data ? (
        <ReliabilitySection report={reliability.data} />
      ) : reliability.error ? null : (
        <Loading what="the reliability report" />
      )}
      <h2>On-call health</h2>
      <ErrorNotice message={oncall.error ?? pages.error} />
      {oncall.data && pages.data ? (
        <OncallSection report={oncall.data} pages={pages.data} fromMs={fromMs} toMs={toMs} />
      ) : oncall.error ? null : (
        <Loading what="the on-call report" />
      )}
    </View>
  );
}

function ReliabilitySection({ report }: { report: Reliability }) {
  const months = useMemo(() => fleetByMonth(report.services), [report]);
  const floor = availabilityFloor(months.map((m) => m.availability));
  const inc = report.incidents;
  const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
  return (
    <>
      <Facts
        items={[
          ['Incidents', `${inc.total} (${inc.open} open)`],
          ['MTTD (detect)', duration(inc.mttdSeconds)],
          ['MTTA (acknowledge)', duration(inc.mttaSeconds)],
          ['MTTR (recover)', duration(inc.mttrSeconds)],
          ['MTBF (between failures)', duration(inc.mtbfSeconds)],
          [
            'Postmortems done',
            `${report.postmortems.final} of ${report.postmortems.required} required (${percent((report.postmortems.completionPercent ?? Number.NaN) / 100, 0)})`,
          ],
          [
            'Action items on time',
            `${percent((report.actionItems.completionPercent ?? Number.NaN) / 100, 0)} (target ${report.actionItems.targetPercent} %)`,
          ],
          ['Action items overdue', String(report.actionItems.overdue)],
        ]}
      />
      <div className="grid">
        <div>
          <BarChart
            title="Availability by month"
            summary={
              <p>
                Availability of all services together, per UTC month
                {months.length
                  ? `: ${months.map((m) => `${m.month} ${percent(m.availability)}`).join(', ')}`
                  : ': no data'}
                . Bars start at {percent(floor, 1)}.
              </p>
            }
            bars={months.map((m) => ({
              label: m.month,
              value: m.availability,
              text: percent(m.availability),
              tone:
                m.availability === null
                  ? 'info'
                  : m.availability >= 0.999
                    ? 'good'
                    : m.availability >= 0.99
                      ? 'warn'
                      : 'bad',
            }))}
            min={floor}
            max={1}
          />
          <table>
            <caption>Availability by month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" className="num">
                  Availability
                </th>
                <th scope="col" className="num">
                  Downtime
                </th>
                <th scope="col" className="num">
                  Events
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="num">{percent(m.availability)}</td>
                  <td className="num">{duration(m.downtimeMinutes * 60)}</td>
                  <td className="num">{m.events.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <BarChart
            title="Incidents by severity"
            summary={
              <p>
                {severities.map((s) => `${s}: ${inc.bySeverity[s]}`).join(', ')} of {inc.total} incidents
                declared in the period.
              </p>
            }
            bars={severities.map((s) => ({
              label: s,
              value: inc.bySeverity[s],
              text: String(inc.bySeverity[s]),
              tone: s === 'SEV1' || s === 'SEV2' ? 'bad' : s === 'SEV3' ? 'warn' : 'info',
            }))}
          />
          <table>
            <caption>Incidents by severity</caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col" className="num">
                  Incidents
                </th>
              </tr>
            </thead>
            <tbody>
              {severities.map((s) => (
                <tr key={s}>
                  <td>{s}</td>
                  <td className="num">{inc.bySeverity[s]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <PagedTable
        caption="Availability by service"
        rows={report.services}
        columns={serviceColumns}
        rowKey={(s) => s.service}
        filterText={(s) => s.service}
        pageSize={20}
      />
      <PagedTable
        caption="Error budget consumed by incidents"
        rows={report.errorBudget}
        columns={budgetColumns}
        rowKey={(b) => b.slo}
        empty="No incident consumed a measurable budget."
        pageSize={10}
      />
    </>
  );
}

const serviceColumns: Array<Column<Reliability['services'][number]>> = [
  { header: 'Service', cell: (s) => <Link href={href('services', s.service)}>{s.service}</Link> },
  { header: 'Availability', cell: (s) => percent(s.availability), numeric: true },
  {
    header: 'Downtime',
    cell: (s) => duration(s.downtimeMinutes === null ? null : s.downtimeMinutes * 60),
    numeric: true,
  },
  { header: 'Coverage', cell: (s) => percent(s.coverage, 0), numeric: true },
  { header: 'Events', cell: (s) => s.events.toLocaleString(), numeric: true },
];

const budgetColumns: Array<Column<Reliability['errorBudget'][number]>> = [
  { header: 'SLO', cell: (b) => <Link href={href('slos', b.slo)}>{b.slo}</Link> },
  { header: 'Service', cell: (b) => b.service },
  {
    header: 'Budget consumed',
    cell: (b) => (b.consumedPercent === null ? '—' : `${num(b.consumedPercent, 1)} %`),
    numeric: true,
  },
  { header: 'Incidents', cell: (b) => b.incidents, numeric: true },
];

function OncallSection({
  report,
  pages,
  fromMs,
  toMs,
}: {
  report: Oncall;
  pages: Schemas['Page'][];
  fromMs: number;
  toMs: number;
}) {
  const weeks = useMemo(() => pagesByWeek(pages, fromMs, toMs), [pages, fromMs, toMs]);
  const oldest = pages.at(-1);
  const truncated =
    pages.length >= PAGE_LIMIT && oldest !== undefined && Date.parse(oldest.createdAt) > fromMs;
  const t = report.totals;
  const people = report.perPerson.slice(0, 10);
  return (
    <>
      <Facts
        items={[
          ['Urgent pages (P0–P2)', String(t.pages)],
          ['Acknowledged', String(t.acknowledged)],
          ['MTTA', duration(t.mttaSeconds)],
          ['Escalated past level 1', percent(t.escalationRate, 0)],
          ['Outside business hours', String(t.pagesOutsideBusinessHours)],
          ['Overloaded shifts', String(t.overloadedShifts)],
        ]}
      />
      <div className="grid">
        <div>
          <BarChart
            title="Pages by week"
            summary={
              <p>
                Pages per UTC week (urgent P0–P2 in brackets):{' '}
                {weeks.map((w) => `week of ${w.week}: ${w.pages} (${w.urgent})`).join(', ')}.
                {truncated
                  ? ` Only the newest ${PAGE_LIMIT} pages are counted; earlier weeks may hold more.`
                  : ''}
              </p>
            }
            bars={weeks.map((w) => ({
              label: w.week,
              value: w.pages,
              text: `${w.pages} (${w.urgent} urgent)`,
              tone: w.urgent > 0 ? 'warn' : 'info',
            }))}
          />
          <table>
            <caption>Pages by week</caption>
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col" className="num">
                  Pages
                </th>
                <th scope="col" className="num">
                  Urgent
                </th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.week}>
                  <td>{w.week}</td>
                  <td className="num">{w.pages}</td>
                  <td className="num">{w.urgent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <BarChart
            title="Pages per person"
            summary={
              <p>
                {people.length
                  ? people
                      .map(
                        (p) => `${p.person}: ${p.pages} (${p.outsideBusinessHours} outside business hours)`,
                      )
                      .join(', ')
                  : 'Nobody was paged in the period'}
                .
              </p>
            }
            bars={people.map((p) => ({
              label: p.person,
              value: p.pages,
              text: String(p.pages),
              tone: 'info',
            }))}
          />
          <PagedTable
            caption="Pages per person"
            rows={report.perPerson}
            columns={personColumns}
            rowKey={(p) => p.person}
            empty="Nobody was paged."
            pageSize={10}
          />
        </div>
      </div>
      <PagedTable
        caption="Noisiest alerts"
        rows={report.noisiestAlerts}
        columns={noiseColumns}
        rowKey={(a) => `${a.alertname}/${a.service}`}
        empty="No alert received."
        pageSize={10}
      />
    </>
  );
}

const personColumns: Array<Column<Oncall['perPerson'][number]>> = [
  { header: 'Person', cell: (p) => p.person },
  { header: 'Pages', cell: (p) => p.pages, numeric: true },
  { header: 'Outside hours', cell: (p) => p.outsideBusinessHours, numeric: true },
  { header: 'Acknowledged', cell: (p) => p.acknowledged, numeric: true },
  { header: 'MTTA', cell: (p) => duration(p.mttaSeconds), numeric: true },
];

const noiseColumns: Array<Column<Oncall['noisiestAlerts'][number]>> = [
  { header: 'Alert', cell: (a) => a.alertname },
  { header: 'Service', cell: (a) => a.service ?? '—' },
  { header: 'Received', cell: (a) => a.count, numeric: true },
];
