import { useMemo } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { type Column, PagedTable } from '../components/paged-table.tsx';
import { Panel } from '../components/panel.tsx';
import { ServiceDeploys } from '../components/service-deploys.tsx';
import { sloColumns } from '../components/slo-columns.tsx';
import { AlertingBadge, Status } from '../components/status.tsx';
import { ago, dateTime } from '../format.ts';
import { href, Link, useTitle } from '../router.tsx';
import { schedulesFor } from '../service-oncall.ts';
import { useSession } from '../session.tsx';
import { burnAlerts, byRisk, worstStatus } from '../slo-health.ts';
import { must, useApi } from '../use-api.ts';
import { useLiveReload } from '../use-live-reload.ts';

type Slo = Schemas['SloStatus'];

const sloTable: Array<Column<Slo>> = [
  sloColumns.name,
  sloColumns.status,
  sloColumns.objective,
  sloColumns.sli,
  sloColumns.budget,
  sloColumns.burn,
];

/** One service: its SLOs, pages, incidents, who is on call for it, and its place in the graph. */
export default function ServiceView({ params }: ViewProps) {
  const name = params.name ?? '';
  useTitle(name, 'Services');
  const { api } = useSession();
  const service = useApi(
    async () => must(await api.GET('/api/v1/services/{name}', { params: { path: { name } } })),
    [api, name],
  );
  const pages = useApi(
    async () =>
      must(await api.GET('/api/v1/pages', { params: { query: { service: name, limit: 50 } } })).pages,
    [api, name],
  );
  const incidents = useApi(
    async () =>
      must(await api.GET('/api/v1/incidents', { params: { query: { service: name, limit: 50 } } })).incidents,
    [api, name],
  );
  const oncall = useApi(
    async () =>
      must(await api.GET('/api/v1/schedules')).schedules.map(
        (x): OnCall => ({
          schedule: x.name,
          team: x.team,
          person: x.oncallNow?.person ?? null,
          layer: x.oncallNow?.layer ?? null,
          until: x.oncallNow?.until ?? null,
        }),
      ),
    [api],
  );
  useLiveReload(['slo'], service.reload, 5_000);
  useLiveReload(['page'], pages.reload);
  useLiveReload(['incident'], incidents.reload);

  if (!service.data) {
    return (
      <View title={name}>
        {service.error ? <ErrorNotice message={service.error} /> : <Loading what={`service ${name}`} />}
      </View>
    );
  }
  const s = service.data;
  const alerting = s.slos.filter((x) => burnAlerts(x).length > 0).length;
  return (
    <View title={name}>
      <ErrorNotice message={service.error} />
      {s.description ? <p>{s.description}</p> : null}
      <Facts
        items={[
          ['Display name', s.displayName ?? '—'],
          ['Owner', s.owner ?? '—'],
          ['Tier', String(s.tier)],
          ['Lifecycle', s.lifecycle],
          [
            'Worst SLO status',
            <span key="status">
              <Status value={worstStatus(s.slos.map((x) => x.status)) ?? 'no SLO'} />
              {alerting ? <AlertingBadge count={alerting} /> : null}
            </span>,
          ],
          ['Tags', s.tags.join(', ') || '—'],
        ]}
      />
      <Links service={s} />
      <div className="grid">
        <Neighbours title="Depends on" names={s.dependsOn} none="Depends on no other service." />
        <Neighbours title="Dependents" names={s.dependents} none="No service depends on it." />
      </div>
      <h2>SLOs</h2>
      <PagedTable
        caption={`SLOs of ${name}`}
        rows={byRisk(s.slos)}
        columns={sloTable}
        rowKey={(x) => x.name}
        empty="This service has no SLO."
      />
      <h2>Pages</h2>
      <ServicePages pages={pages.data} error={pages.error} />
      <h2>Incidents</h2>
      <ServiceIncidents incidents={incidents.data} error={incidents.error} />
      <h2>On call</h2>
      <ServiceOnCall service={s} oncall={oncall.data} error={oncall.error} />
      <h2>Deploys</h2>
      <ServiceDeploys service={name} />
    </View>
  );
}

function Links({ service }: { service: Schemas['ServiceDetail'] }) {
  const links = [
    ...(service.runbook ? [{ title: 'Runbook', url: service.runbook }] : []),
    ...(service.dashboard ? [{ title: 'Dashboard', url: service.dashboard }] : []),
    ...service.links,
  ];
  if (links.length === 0) return null;
  return (
    <ul className="inline-list">
      {links.map((l) => (
        <li key={`${l.title}-${l.url}`}>
          <a href={l.url} rel="noreferrer noopener" target="_blank">
            {l.title}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Neighbours({ title, names, none }: { title: string; names: string[]; none: string }) {
  return (
    <Panel title={title}>
      {names.length === 0 ? <p className="muted">{none}</p> : null}
      <ul className="inline-list">
        {names.map((n) => (
          <li key={n}>
            <Link href={href('services', n)}>{n}</Link>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

function ServicePages({ pages, error }: { pages?: Schemas['Page'][]; error: string | null }) {
  const columns = useMemo<Array<Column<Schemas['Page']>>>(
    () => [
      { header: 'Page', cell: (p) => <Link href={href('pages', p.id)}>#{p.id}</Link> },
      { header: 'Summary', cell: (p) => p.summary },
      { header: 'Severity', cell: (p) => <Status value={p.severity} /> },
      { header: 'Status', cell: (p) => <Status value={p.status} /> },
      { header: 'Opened', cell: (p) => `${dateTime(p.createdAt)} (${ago(p.createdAt)})` },
    ],
    [],
  );
  if (!pages) return error ? <ErrorNotice message={error} /> : <Loading what="pages" />;
  return (
    <>
      <ErrorNotice message={error} />
      <PagedTable
        caption="Recent pages"
        rows={pages}
        columns={columns}
        rowKey={(p) => String(p.id)}
        empty="No page."
        pageSize={10}
      />
    </>
  );
}

function ServiceIncidents({ incidents, error }: { incidents?: Schemas['Incident'][]; error: string | null }) {
  const columns = useMemo<Array<Column<Schemas['Incident']>>>(
    () => [
      {
        header: 'Incident',
        cell: (i) => (
          <Link href={href('incidents', i.id)}>
            #{i.id} {i.title}
          </Link>
        ),
      },
      { header: 'Severity', cell: (i) => <Status value={i.severity} /> },
      { header: 'Status', cell: (i) => <Status value={i.status} /> },
      { header: 'Declared', cell: (i) => dateTime(i.declaredAt) },
    ],
    [],
  );
  if (!incidents) return error ? <ErrorNotice message={error} /> : <Loading what="incidents" />;
  return (
    <>
      <ErrorNotice message={error} />
      <PagedTable
        caption="Incidents affecting this service"
        rows={incidents}
        columns={columns}
        rowKey={(i) => String(i.id)}
        empty="No incident."
        pageSize={10}
      />
    </>
  );
}

interface OnCall {
  schedule: string;
  team: string | null;
  person: string | null;
  layer: string | null;
  until: string | null;
}

function ServiceOnCall({
  service,
  oncall,
  error,
}: {
  service: Schemas['ServiceDetail'];
  oncall?: OnCall[];
  error: string | null;
}) {
  if (!oncall) return error ? <ErrorNotice message={error} /> : <Loading what="on-call" />;
  const mine = schedulesFor(service, oncall);
  if (mine.length === 0) {
    return (
      <p className="muted">
        No schedule pages {service.owner ? `its team (${service.owner})` : 'this service'} or is named after
        it. See <Link href="/oncall">all schedules</Link>.
      </p>
    );
  }
  return (
    <ul className="plain-list">
      {mine.map((row) => (
        <li key={row.schedule}>
          <span className="muted">{row.schedule}:</span> <strong>{row.person ?? 'nobody'}</strong>
          {row.layer === 'override' ? ' (override)' : ''}
          {row.until ? <span className="muted"> until {dateTime(row.until)}</span> : null}
        </li>
      ))}
    </ul>
  );
}
