import { useMemo } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { BudgetBar } from '../components/budget-bar.tsx';
import { DependencyGraph, type NodeState } from '../components/dependency-graph.tsx';
import { ErrorNotice, Loading, View } from '../components/notice.tsx';
import { type Column, PagedTable } from '../components/paged-table.tsx';
import { AlertingBadge, Status } from '../components/status.tsx';
import { href, Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { serviceRiskRank } from '../slo-health.ts';
import { must, useApi } from '../use-api.ts';
import { useLiveReload } from '../use-live-reload.ts';

type Service = Schemas['ServiceWithSloSummary'];
/** What the catalog shows of a service's SLOs (the server's summary, so one request draws everything). */
interface Health {
  slos: number;
  worst: string | null;
  lowestBudget: number | null;
  alerting: number;
}
type Row = Service & { health: Health | undefined };

function healthOf(s: Service): Health | undefined {
  const summary = s.sloSummary;
  if (summary.count === 0) return undefined;
  return {
    slos: summary.count,
    worst: summary.worstStatus,
    lowestBudget: summary.lowestBudgetRemaining,
    alerting: summary.firingAlerts,
  };
}

const columns: Array<Column<Row>> = [
  {
    header: 'Service',
    cell: (s) => (
      <>
        <Link href={href('services', s.name)}>{s.name}</Link>
        {s.displayName && s.displayName !== s.name ? <div className="muted">{s.displayName}</div> : null}
      </>
    ),
  },
  { header: 'Owner', cell: (s) => s.owner ?? <span className="muted">none</span> },
  { header: 'Tier', cell: (s) => s.tier, numeric: true },
  { header: 'SLOs', cell: (s) => s.health?.slos ?? 0, numeric: true },
  {
    header: 'Status',
    cell: (s) =>
      s.health ? (
        <>
          <Status value={s.health.worst} />
          {s.health.alerting ? <AlertingBadge count={s.health.alerting} /> : null}
        </>
      ) : (
        <span className="muted">no SLO</span>
      ),
  },
  { header: 'Lowest budget', cell: (s) => <BudgetBar remaining={s.health?.lowestBudget} /> },
  { header: 'Depends on', cell: (s) => s.dependsOn.length, numeric: true },
  { header: 'Dependents', cell: (s) => s.dependents.length, numeric: true },
];

/** The catalog with each service's SLO state, and the dependency graph drawn from the same answer. */
export default function ServicesView(_props: ViewProps) {
  useTitle('Services');
  const { api } = useSession();
  const services = useApi(async () => must(await api.GET('/api/v1/services')).services, [api]);
  useLiveReload(['slo'], services.reload, 5_000);
  const rows = useMemo<Row[]>(
    () =>
      (services.data ?? [])
        .map((s) => ({ ...s, health: healthOf(s) }))
        .sort(
          (a, b) => serviceRiskRank(a.health) - serviceRiskRank(b.health) || a.name.localeCompare(b.name),
        ),
    [services.data],
  );
  const states = useMemo(
    () =>
      new Map<string, NodeState>(
        rows.map((r) => [
          r.name,
          { status: r.health?.worst ?? null, alerting: (r.health?.alerting ?? 0) > 0 },
        ]),
      ),
    [rows],
  );

  return (
    <View title="Services">
      <ErrorNotice message={services.error} />
      {!services.data ? (
        <Loading what="the services" />
      ) : (
        <>
          <DependencyGraph services={services.data} states={states} />
          <PagedTable
            caption="Services"
            rows={rows}
            columns={columns}
            rowKey={(s) => s.name}
            filterText={(s) =>
              [s.name, s.displayName, s.owner, s.health?.worst, `tier ${s.tier}`, ...s.tags].join(' ')
            }
            empty="No service matches."
          />
        </>
      )}
    </View>
  );
}
