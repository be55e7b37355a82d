import { useId, useMemo } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { ErrorNotice, Loading, View } from '../components/notice.tsx';
import { type Column, PagedTable } from '../components/paged-table.tsx';
import { sloColumns } from '../components/slo-columns.tsx';
import { navigate, useLocation, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { byRisk, statusRank } from '../slo-health.ts';
import { must, useApi } from '../use-api.ts';
import { useLiveReload } from '../use-live-reload.ts';

type Slo = Schemas['SloStatus'];

const STATUSES: ReadonlyArray<Slo['status']> = [
  'exhausted',
  'critical',
  'warning',
  'caution',
  'no_data',
  'healthy',
];

const { name, service, objective, window, sli, budget, burn, status: statusColumn } = sloColumns;
const columns: Array<Column<Slo>> = [name, service, objective, window, sli, budget, burn, statusColumn];

/** Every SLO, filterable by text and status, sortable by name or risk; the choice lives in the URL. */
export default function SlosView(_props: ViewProps) {
  useTitle('SLOs');
  const { api } = useSession();
  const location = useLocation();
  const status = location.searchParams.get('status') ?? '';
  const order = location.searchParams.get('sort') === 'risk' ? 'risk' : 'name';
  const slos = useApi(async () => must(await api.GET('/api/v1/slos')).slos, [api]);
  useLiveReload(['slo'], slos.reload, 5_000);
  const statusId = useId();
  const sortId = useId();

  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const s of slos.data ?? []) c.set(s.status, (c.get(s.status) ?? 0) + 1);
    return c;
  }, [slos.data]);
  const rows = useMemo(() => {
    const all = slos.data ?? [];
    const chosen = status ? all.filter((s) => s.status === status) : all;
    return order === 'risk' ? byRisk(chosen) : chosen;
  }, [slos.data, status, order]);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    const query = next.toString();
    navigate(`/slos${query ? `?${query}` : ''}`, { replace: true });
  };

  return (
    <View title="SLOs">
      <ErrorNotice message={slos.error} />
      <div className="form-row">
        <div>
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} value={status} onChange={(e) => setParam('status', e.target.value)}>
            <option value="">All ({slos.data?.length ?? 0})</option>
            {[...STATUSES]
              .sort((a, b) => statusRank(a) - statusRank(b))
              .map((s) => (
                <option key={s} value={s}>
                  {s.replaceAll('_', ' ')} ({counts.get(s) ?? 0})
                </option>
              ))}
          </select>
        </div>
        <div>
          <label htmlFor={sortId}>Sort by</label>
          <select
            id={sortId}
            value={order}
            onChange={(e) => setParam('sort', e.target.value === 'risk' ? 'risk' : '')}
          >
            <option value="name">Name</option>
            <option value="risk">Risk (worst status, lowest budget first)</option>
          </select>
        </div>
      </div>
      {!slos.data ? (
        <Loading what="the SLOs" />
      ) : (
        <PagedTable
          caption="SLOs"
          rows={rows}
          columns={columns}
          rowKey={(s) => s.name}
          filterText={(s) => `${s.name} ${s.service} ${s.status} ${s.window} ${s.indicator}`}
          empty={status ? `No SLO is ${status.replaceAll('_', ' ')}.` : 'No SLO matches.'}
        />
      )}
    </View>
  );
}
