import type { ReactNode } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { DeployAnalyses } from '../components/deploy-analyses.tsx';
import { DeployRollouts } from '../components/deploy-rollouts.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { Status } from '../components/status.tsx';
import { deployDuration, deployEventSentence, deployState } from '../deploy-text.ts';
import { dateTime, duration } from '../format.ts';
import { useLive } from '../live.ts';
import { href, Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';

type Deploy = Schemas['Deploy'];
type DeployEvent = Schemas['DeployEvent'];

/**
 * One deploy: what went where and from which commits, its history in sentences, and the incidents that
 * name it as their cause; current without a reload as its events arrive.
 */
export default function DeployView({ params }: ViewProps) {
  const id = Number(params.id);
  useTitle(`Deploy ${params.id}`, 'Deploys');
  const { api } = useSession();
  const valid = Number.isInteger(id) && id > 0;
  const deploy = useApi(async () => {
    if (!valid) throw new Error(`"${params.id}" is not a deploy number.`);
    return must(await api.GET('/api/v1/deploys/{id}', { params: { path: { id } } }));
  }, [api, id]);
  const incidents = useApi(async () => {
    if (!valid) return [];
    const { incidents: caused } = must(
      await api.GET('/api/v1/incidents', { params: { query: { causeDeploy: String(id), limit: 1000 } } }),
    );
    return caused;
  }, [api, id]);
  useLive(['deploy', 'incident'], (event) => {
    if (event.type === 'incident') return incidents.reload();
    const deployId = (event.data as { deployId?: number } | null)?.deployId;
    if (event.type === 'reset' || deployId === id) deploy.reload();
  });

  if (!deploy.data) {
    return (
      <View title={`Deploy ${params.id}`}>
        <ErrorNotice message={deploy.error} />
        {deploy.error ? (
          <p>
            <Link href="/deploys">All deploys</Link>
          </p>
        ) : (
          <Loading what="the deploy" />
        )}
      </View>
    );
  }
  const d = deploy.data;
  return (
    <View title={`Deploy ${d.id}: ${d.service} ${d.version}`}>
      <ErrorNotice message={deploy.error} />
      <Facts items={facts(d)} />
      <Commits commits={d.commits} />
      <DeployRollouts deployId={d.id} service={d.service} />
      <h2>Timeline</h2>
      <Timeline events={d.events} />
      <DeployAnalyses deployId={d.id} />
      <h2>Incidents caused by this deploy</h2>
      <ErrorNotice message={incidents.error} />
      {!incidents.data ? (
        incidents.error ? null : (
          <Loading what="incidents" />
        )
      ) : incidents.data.length === 0 ? (
        <p className="muted">No incident names this deploy as its cause.</p>
      ) : (
        <ul className="plain-list">
          {incidents.data.map((incident) => (
            <li key={incident.id}>
              <Link href={href('incidents', incident.id)}>
                Incident {incident.id}: {incident.title}
              </Link>{' '}
              <Status value={incident.severity} /> <Status value={incident.status} />
            </li>
          ))}
        </ul>
      )}
    </View>
  );
}

function facts(d: Deploy): Array<[string, ReactNode]> {
  return [
    ['Outcome', <Status key="o" value={deployState(d.outcome)} />],
    [
      'Service',
      <Link key="s" href={href('services', d.service)}>
        {d.service}
      </Link>,
    ],
    ['Version', d.version],
    ['Environment', d.environment],
    ['Strategy', d.strategy],
    ['Deployed by', d.actor],
    ['Started', dateTime(d.startedAt)],
    ['Finished', dateTime(d.finishedAt)],
    ['Duration', deployDuration(d.startedAt, d.finishedAt, Date.now())],
    [
      'Lead time',
      d.leadTimeSeconds !== null
        ? `${duration(d.leadTimeSeconds)} (oldest commit → finished)`
        : d.outcome === 'succeeded'
          ? 'no commit times given'
          : '—',
    ],
  ];
}

function Commits({ commits }: { commits: Deploy['commits'] }) {
  if (commits.length === 0) return <p className="muted">No commits were reported with this deploy.</p>;
  return (
    <>
      <h2>Commits</h2>
      <ul className="plain-list commits">
        {commits.map((commit) => (
          <li key={commit.sha}>
            <code title={commit.sha}>{commit.sha.slice(0, 12)}</code>{' '}
            <time dateTime={commit.time}>{dateTime(commit.time)}</time>
          </li>
        ))}
      </ul>
    </>
  );
}

function Timeline({ events }: { events: DeployEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="timeline" aria-label="Deploy timeline">
      {events.map((event) => (
        <li key={event.id}>
          <time dateTime={event.at}>{dateTime(event.at)}</time>
          <span className="badge badge-muted">{event.kind}</span> {deployEventSentence(event)}
        </li>
      ))}
    </ol>
  );
}
