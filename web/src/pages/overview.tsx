import { useMemo } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { BudgetBar } from '../components/budget-bar.tsx';
import { Facts, View } from '../components/notice.tsx';
import { Panel } from '../components/panel.tsx';
import { AlertingBadge, Status } from '../components/status.tsx';
import { ago, dateTime, num, percent } from '../format.ts';
import { href, Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import {
  burnAlerts,
  byRisk,
  changeText,
  HEADLINE_BURN_WINDOW,
  healthByService,
  pagesInLast,
  servicesByRisk,
  sloInTrouble,
} from '../slo-health.ts';
import { must, useApi } from '../use-api.ts';
import { useLiveReload } from '../use-live-reload.ts';

/** Long lists show their top this many rows and link to the full list. */
const TOP = 10;
/** Pages read for the 24 h panel (the API's maximum); the panel says when it may hold more. */
const PAGE_LIMIT = 1000;

type Slo = Schemas['SloStatus'];

/** The executive view: user impact first (budgets at risk), then who is on it and what paged. */
export default function OverviewView(_props: ViewProps) {
  useTitle('Overview');
  const { api } = useSession();
  const slos = useApi(async () => must(await api.GET('/api/v1/slos')).slos, [api]);
  const incidents = useApi(
    async () => must(await api.GET('/api/v1/incidents', { params: { query: { status: 'open' } } })).incidents,
    [api],
  );
  const oncall = useApi(async () => must(await api.GET('/api/v1/oncall')), [api]);
  const pages = useApi(
    async () => must(await api.GET('/api/v1/pages', { params: { query: { limit: PAGE_LIMIT } } })).pages,
    [api],
  );
  useLiveReload(['slo'], slos.reload, 5_000);
  useLiveReload(['incident'], incidents.reload);
  useLiveReload(['page'], pages.reload);
  useLiveReload(['page', 'incident'], oncall.reload, 30_000);

  return (
    <View title="Overview">
      <Headline slos={slos.data} incidents={incidents.data} pages={pages.data} />
      <div className="grid overview-grid">
        <BudgetsAtRisk slos={slos.data} loading={!slos.data && slos.loading} error={slos.error} />
        <OpenIncidents
          incidents={incidents.data}
          loading={!incidents.data && incidents.loading}
          error={incidents.error}
        />
        <OnCallNow data={oncall.data} loading={!oncall.data && oncall.loading} error={oncall.error} />
        <RecentPages pages={pages.data} loading={!pages.data && pages.loading} error={pages.error} />
        <ComplianceByService slos={slos.data} loading={!slos.data && slos.loading} error={slos.error} />
      </div>
    </View>
  );
}

function Headline({
  slos,
  incidents,
  pages,
}: {
  slos: Slo[] | undefined;
  incidents: Schemas['Incident'][] | undefined;
  pages: Schemas['Page'][] | undefined;
}) {
  const meeting = slos?.filter((s) => s.sli.ratio !== null && s.sli.ratio * 100 >= s.objective).length;
  const troubled = slos?.filter(sloInTrouble).length;
  const recent = pages ? pagesInLast(pages, Date.now()) : undefined;
  return (
    <Facts
      items={[
        ['SLOs meeting their objective', slos ? `${meeting} of ${slos.length}` : '…'],
        ['SLOs needing attention', slos ? String(troubled) : '…'],
        ['Open incidents', incidents ? String(incidents.length) : '…'],
        ['Open pages (24 h)', recent ? String(recent.open) : '…'],
      ]}
    />
  );
}

function BudgetsAtRisk({ slos, loading, error }: { slos?: Slo[]; loading: boolean; error: string | null }) {
  const top = useMemo(() => (slos ? byRisk(slos).slice(0, TOP) : []), [slos]);
  const troubled = slos?.filter(sloInTrouble).length ?? 0;
  return (
    <Panel
      title="Budgets at risk"
      className="panel-wide"
      loading={loading}
      error={error}
      more={slos && slos.length > TOP ? <Link href="/slos">All {slos.length} SLOs</Link> : null}
    >
      <p className="muted">
        {troubled === 0
          ? 'Every SLO is healthy. The lowest budgets first:'
          : `${troubled} SLO${troubled === 1 ? '' : 's'} not healthy or alerting, most urgent first:`}
      </p>
      <div className="table-scroll">
        <table>
          <caption className="sr-only">SLOs with the least error budget left</caption>
          <thead>
            <tr>
              <th scope="col">SLO</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Budget remaining</th>
              <th scope="col" className="num">
                Burn {HEADLINE_BURN_WINDOW}
              </th>
            </tr>
          </thead>
          <tbody>
            {top.map((slo) => (
              <tr key={slo.name}>
                <td>
                  <Link href={href('slos', slo.name)}>{slo.name}</Link>
                </td>
                <td>
                  <Link href={href('services', slo.service)}>{slo.service}</Link>
                </td>
                <td>
                  <Status value={slo.status} />
                  {burnAlerts(slo).length ? <AlertingBadge count={burnAlerts(slo).length} /> : null}
                </td>
                <td>
                  <BudgetBar remaining={slo.errorBudget.remaining} />
                </td>
                <td className="num">{burn(slo)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function burn(slo: Slo): string {
  const rate = slo.burnRates[HEADLINE_BURN_WINDOW];
  return rate === null ? '—' : `${num(rate)}×`;
}

function OpenIncidents({
  incidents,
  loading,
  error,
}: {
  incidents?: Schemas['Incident'][];
  loading: boolean;
  error: string | null;
}) {
  return (
    <Panel
      title="Open incidents"
      loading={loading}
      error={error}
      more={<Link href="/incidents">All incidents</Link>}
    >
      {incidents?.length === 0 ? <p className="muted">No open incident.</p> : null}
      <ul className="plain-list">
        {incidents?.slice(0, TOP).map((incident) => (
          <li key={incident.id}>
            <Link href={href('incidents', incident.id)}>
              #{incident.id} {incident.title}
            </Link>{' '}
            <Status value={incident.severity} /> <Status value={incident.status} />
            <br />
            <span className="muted">
              {incident.services.join(', ') || 'no service'} · declared {ago(incident.declaredAt)}
            </span>
          </li>
        ))}
      </ul>
      {incidents && incidents.length > TOP ? (
        <p className="muted">and {incidents.length - TOP} more.</p>
      ) : null}
    </Panel>
  );
}

function OnCallNow({
  data,
  loading,
  error,
}: {
  data?: {
    at: string;
    oncall: Array<{ schedule: string; person: string | null; layer: string | null; until: string | null }>;
  };
  loading: boolean;
  error: string | null;
}) {
  const rows = data?.oncall ?? [];
  return (
    <Panel
      title="On call now"
      loading={loading}
      error={error}
      more={<Link href="/oncall">On-call schedules</Link>}
    >
      {data && rows.length === 0 ? <p className="muted">No schedule is configured.</p> : null}
      <ul className="plain-list">
        {rows.slice(0, TOP).map((row) => (
          <li key={row.schedule}>
            <span className="muted">{row.schedule}:</span>{' '}
            {row.person ? <strong>{row.person}</strong> : <strong className="bad-text">nobody</strong>}
            {row.layer === 'override' ? ' (override)' : ''}
            {row.until ? (
              <span className="muted">
                {' '}
                until {dateTime(row.until)} ({ago(row.until)})
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {rows.length > TOP ? <p className="muted">and {rows.length - TOP} more schedules.</p> : null}
    </Panel>
  );
}

function RecentPages({
  pages,
  loading,
  error,
}: {
  pages?: Schemas['Page'][];
  loading: boolean;
  error: string | null;
}) {
  const window = useMemo(() => (pages ? pagesInLast(pages, Date.now()) : undefined), [pages]);
  return (
    <Panel
      title="Pages in the last 24 h"
      loading={loading}
      error={error}
      more={<Link href="/pages">All pages</Link>}
    >
      {window ? (
        <>
          <p>
            <span className="big-number">
              {window.recent.length}
              {pages && pages.length >= PAGE_LIMIT ? '+' : ''}
            </span>{' '}
            <span className="muted">{changeText(window.recent.length, window.previous, '24 h')}</span>
          </p>
          <p className="severity-counts">
            {(['P0', 'P1', 'P2', 'P3', 'P4'] as const).map((sev) => (
              <span key={sev}>
                <Status value={sev} /> {window.bySeverity[sev]}
              </span>
            ))}
          </p>
          <ul className="plain-list">
            {window.recent.slice(0, TOP).map((page) => (
              <li key={page.id}>
                <Link href={href('pages', page.id)}>
                  #{page.id} {page.summary}
                </Link>{' '}
                <Status value={page.severity} /> <Status value={page.status} />{' '}
                <span className="muted">{ago(page.createdAt)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Panel>
  );
}

function ComplianceByService({
  slos,
  loading,
  error,
}: {
  slos?: Slo[];
  loading: boolean;
  error: string | null;
}) {
  const rows = useMemo(() => (slos ? servicesByRisk(healthByService(slos).values()) : []), [slos]);
  return (
    <Panel
      title="SLO compliance by service"
      className="panel-wide"
      loading={loading}
      error={error}
      more={rows.length > TOP ? <Link href="/services">All {rows.length} services</Link> : null}
    >
      <div className="table-scroll">
        <table>
          <caption className="sr-only">Services, worst first</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col" className="num">
                Meeting objective
              </th>
              <th scope="col">Worst status</th>
              <th scope="col">Lowest budget</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, TOP).map((row) => (
              <tr key={row.service}>
                <td>
                  <Link href={href('services', row.service)}>{row.service}</Link>
                </td>
                <td className="num">
                  {row.meeting} of {row.slos} ({percent(row.meeting / row.slos, 0)})
                </td>
                <td>
                  <Status value={row.worst} />
                  {row.alerting ? <AlertingBadge count={row.alerting} /> : null}
                </td>
                <td>
                  <BudgetBar remaining={row.lowestBudget} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
