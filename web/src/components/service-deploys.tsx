import type { Schemas } from '../api.ts';
import { dateTime, percent } from '../format.ts';
import { href, Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';
import { ErrorNotice, Loading } from './notice.tsx';
import { type Column, PagedTable } from './paged-table.tsx';
import { Status } from './status.tsx';

type Deploy = Schemas['Deploy'];

const deployColumns: Array<Column<Deploy>> = [
  {
    header: 'Version',
    cell: (d) => <Link href={href('deploys', d.id)}>{d.version}</Link>,
  },
  { header: 'Environment', cell: (d) => d.environment },
  { header: 'Strategy', cell: (d) => d.strategy },
  { header: 'Started', cell: (d) => dateTime(d.startedAt) },
  { header: 'Outcome', cell: (d) => <Status value={d.outcome ?? 'running'} /> },
  { header: 'By', cell: (d) => d.actor },
];

/**
 * What the deploy gate answers for a feature change right now, every reason with its source, and the
 * service's recent deploys: what a release manager checks before shipping.
 */
export function ServiceDeploys({ service }: { service: string }) {
  const { api } = useSession();
  const verdict = useApi(
    async () =>
      must(
        await api.GET('/api/v1/deploy-gates/{service}/verdict', {
          params: { path: { service }, query: { change: 'feature' } },
        }),
      ).data,
    [api, service],
  );
  const deploys = useApi(
    async () => must(await api.GET('/api/v1/deploys', { params: { query: { service, limit: 50 } } })).deploys,
    [api, service],
  );
  const v = verdict.data;
  return (
    <>
      <h3>Deploy gate</h3>
      <ErrorNotice message={verdict.error} />
      {!v ? (
        verdict.error ? null : (
          <Loading what="the deploy gate" />
        )
      ) : (
        <>
          <p>
            A feature change now: <Status value={v.decision} /> {v.ok ? 'may deploy' : 'is held'}
            {v.budgetRemaining === null ? '' : `; the least budget left is ${percent(v.budgetRemaining)}`}.
          </p>
          {v.reasons.length > 0 ? (
            <ul className="gate-reasons">
              {v.reasons.map((reason) => (
                <li key={`${reason.source}-${reason.message}`}>
                  <Status value={reason.decision} /> <code>{reason.source}</code>: {reason.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing holds it: no SLO, incident, freeze or readiness requirement.</p>
          )}
        </>
      )}
      <ErrorNotice message={deploys.error} />
      {deploys.data ? (
        <PagedTable
          caption={`Deploys of ${service} in the last 30 days`}
          rows={deploys.data}
          columns={deployColumns}
          rowKey={(d) => String(d.id)}
          empty="No deploy recorded (POST /api/v1/deploys or nines deploy start)."
        />
      ) : deploys.error ? null : (
        <Loading what="deploys" />
      )}
    </>
  );
}
