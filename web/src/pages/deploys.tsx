import { useId, useMemo } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { DeployGates } from '../components/deploy-gates.tsx';
import { ErrorNotice, Loading, View } from '../components/notice.tsx';
import { type Column, PagedTable } from '../components/paged-table.tsx';
import { Status } from '../components/status.tsx';
import { deployDuration, deployState } from '../deploy-text.ts';
import { ago, dateTime } from '../format.ts';
import { href, Link, navigate, useLocation, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';
import { useLiveReload } from '../use-live-reload.ts';

type Deploy = Schemas['Deploy'];

const OUTCOMES = ['running', 'succeeded', 'failed', 'rolled_back'] as const;
/** How far back the list reaches (the API's default range). */
const DAYS = 30;

const columns: Array<Column<Deploy>> = [
  {
    header: 'Deploy',
    cell: (d) => (
      <Link href={href('deploys', d.id)}>
        Deploy {d.id}: {d.version}
      </Link>
    ),
  },
  // The outcome comes first after the name: on a phone it is what shows without scrolling the table.
  { header: 'Outcome', cell: (d) => <Status value={deployState(d.outcome)} /> },
  { header: 'Service', cell: (d) => <Link href={href('services', d.service)}>{d.service}</Link> },
  { header: 'Started', cell: (d) => <span title={dateTime(d.startedAt)}>{ago(d.startedAt)}</span> },
  { header: 'Duration', cell: (d) => deployDuration(d.startedAt, d.finishedAt, Date.now()) },
  { header: 'Environment', cell: (d) => d.environment },
  { header: 'Strategy', cell: (d) => d.strategy },
  { header: 'By', cell: (d) => d.actor },
];

/**
 * Every deploy of the last 30 days, newest first, filtered by service, environment and outcome (kept in
 * the URL); the gate strip above says which services a feature change would be held or warned on now.
 */
export default function DeploysView(_props: ViewProps) {
  useTitle('Deploys');
  const { api } = useSession();
  const location = useLocation();
  const service = location.searchParams.get('service') ?? '';
  const environment = location.searchParams.get('environment') ?? '';
  const outcome = location.searchParams.get('outcome') ?? '';
  const ids = { service: useId(), environment: useId(), outcome: useId() };
  const services = useApi(async () => must(await api.GET('/api/v1/services')).services, [api]);
  const deploys = useApi(async () => {
    const query = {
      limit: 1000,
      ...(service ? { service } : {}),
      ...(environment ? { environment } : {}),
    };
    return must(await api.GET('/api/v1/deploys', { params: { query } })).deploys;
  }, [api, service, environment]);
  useLiveReload(['deploy'], deploys.reload, 1_000);

  const rows = useMemo(
    () => (deploys.data ?? []).filter((d) => !outcome || deployState(d.outcome) === outcome),
    [deploys.data, outcome],
  );
  const environments = useMemo(() => {
    const seen = new Set((deploys.data ?? []).map((d) => d.environment));
    if (environment) seen.add(environment);
    return [...seen].sort();
  }, [deploys.data, environment]);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    const query = next.toString();
    navigate(`/deploys${query ? `?${query}` : ''}`, { replace: true });
  };
  const filtered = Boolean(service || environment || outcome);

  return (
    <View title="Deploys">
      <DeployGates />
      <h2>Deploys of the last {DAYS} days</h2>
      <div className="form-row">
        <div>
          <label htmlFor={ids.service}>Service</label>
          <select id={ids.service} value={service} onChange={(e) => setParam('service', e.target.value)}>
            <option value="">All services</option>
            {(services.data ?? []).map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
            {service && !services.data?.some((s) => s.name === service) ? (
              <option value={service}>{service}</option>
            ) : null}
          </select>
        </div>
        <div>
          <label htmlFor={ids.environment}>Environment</label>
          <select
            id={ids.environment}
            value={environment}
            onChange={(e) => setParam('environment', e.target.value)}
          >
            <option value="">All environments</option>
            {environments.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.outcome}>Outcome</label>
          <select id={ids.outcome} value={outcome} onChange={(e) => setParam('outcome', e.target.value)}>
            <option value="">Any outcome</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice message={deploys.error ?? services.error} />
      {!deploys.data ? (
        deploys.error ? null : (
          <Loading what="deploys" />
        )
      ) : (
        <PagedTable
          caption="Deploys"
          rows={rows}
          columns={columns}
          rowKey={(d) => String(d.id)}
          filterText={(d) => `${d.id} ${d.service} ${d.version} ${d.environment} ${d.strategy} ${d.actor}`}
          empty={
            filtered
              ? 'No deploy matches these filters.'
              : 'No deploy recorded (POST /api/v1/deploys or nines deploy start).'
          }
        />
      )}
    </View>
  );
}
