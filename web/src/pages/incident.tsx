import { type ReactNode, useId, useState } from 'react';
import { errorMessage, type Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { IncidentActions, LinkedPages } from '../components/incident-actions.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { Status } from '../components/status.tsx';
import { describeEvent } from '../event-text.ts';
import { ago, dateTime } from '../format.ts';
import { useLive } from '../live.ts';
import { href, Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';

type IncidentDetail = Schemas['IncidentDetail'];

export default function IncidentView({ params }: ViewProps) {
  const id = Number(params.id);
  useTitle(`Incident ${params.id}`, 'Incidents');
  const { api } = useSession();
  const valid = Number.isInteger(id) && id > 0;
  const { data, error, loading, reload } = useApi(async () => {
    if (!valid) throw new Error(`"${params.id}" is not an incident number.`);
    const path = { params: { path: { id } } };
    const [incident, timeline] = await Promise.all([
      api.GET('/api/v1/incidents/{id}', path),
      api.GET('/api/v1/incidents/{id}/timeline', path),
    ]);
    return { incident: must(incident), timeline: must(timeline).timeline };
  }, [api, id]);
  useLive(['incident', 'page'], (event) => {
    const incidentId = (event.data as { incidentId?: number } | null)?.incidentId;
    if (event.type !== 'incident' || incidentId === id) reload();
  });
  if (!data) {
    return (
      <View title={`Incident ${params.id}`}>
        <ErrorNotice message={error} />
        {loading ? <Loading what="the incident" /> : null}
        {error ? (
          <p>
            <Link href="/incidents">All incidents</Link>
          </p>
        ) : null}
      </View>
    );
  }
  const { incident, timeline } = data;
  return (
    <View title={`Incident ${incident.id}: ${incident.title}`}>
      <ErrorNotice message={error} />
      <Facts items={facts(incident)} />
      {incident.summary ? <p>{incident.summary}</p> : null}
      <Postmortem incident={incident} />
      <IncidentActions incident={incident} onChange={reload} />
      <h2>Timeline</h2>
      <ol className="timeline">
        {timeline.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{dateTime(entry.at)}</time>
            <span className="badge badge-muted">{entry.source}</span>{' '}
            {describeEvent(entry.kind, entry.actor, entry.details)}
            {entry.corrects ? <span className="muted"> (corrects {entry.corrects})</span> : null}
          </li>
        ))}
      </ol>
      <h2>Status updates</h2>
      {incident.updates.length === 0 ? <p className="muted">No status update yet.</p> : null}
      <ol className="timeline">
        {incident.updates.map((update) => (
          <li key={update.id}>
            <time dateTime={update.at ?? undefined}>{dateTime(update.at)}</time>
            <Status value={update.status} />{' '}
            <span className="badge badge-info">{update.public ? 'public' : 'internal'}</span> {update.message}{' '}
            <span className="muted">
              by {update.postedBy}
              {update.onTime === false ? ', late' : ''}
            </span>
          </li>
        ))}
      </ol>
      <h2>Linked pages</h2>
      <LinkedPages incident={incident} onChange={reload} />
    </View>
  );
}

function facts(incident: IncidentDetail): Array<[string, ReactNode]> {
  const roles = Object.entries(incident.roles)
    .map(([role, who]) => `${role}: ${Array.isArray(who) ? who.join(', ') : who}`)
    .join('; ');
  return [
    ['Status', <Status key="s" value={incident.status} />],
    ['Severity', <Status key="v" value={incident.severity} />],
    [
      'Services',
      incident.services.length
        ? incident.services.map((s, i) => (
            <span key={s}>
              {i > 0 ? ', ' : ''}
              <Link href={href('services', s)}>{s}</Link>
            </span>
          ))
        : '—',
    ],
    ['Blast radius', incident.blastRadius.join(', ') || '—'],
    ['Roles', roles || 'none assigned'],
    ['Declared', `${dateTime(incident.declaredAt)} by ${incident.declaredBy}`],
    ['Resolved', incident.resolvedAt ? dateTime(incident.resolvedAt) : '—'],
    [
      'Next update due',
      incident.nextUpdateDueAt
        ? `${dateTime(incident.nextUpdateDueAt)} (${ago(incident.nextUpdateDueAt)})`
        : '—',
    ],
    ['Public', incident.public ? `yes${incident.publicTitle ? `, as "${incident.publicTitle}"` : ''}` : 'no'],
  ];
}

/** A link to the postmortem once drafted; else a button that drafts it. */
function Postmortem({ incident }: { incident: IncidentDetail }) {
  const { api, canWrite } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<number | null>(null);
  const noteId = useId();
  const id = incident.postmortem?.id ?? created;
  if (id !== null && id !== undefined)
    return (
      <p>
        <Link href={href('postmortems', id)}>Postmortem</Link>{' '}
        {incident.postmortem ? (
          <span className="muted">
            ({incident.postmortem.status.replaceAll('_', ' ')}
            {incident.postmortem.required ? ', required' : ''})
          </span>
        ) : null}
      </p>
    );
  return (
    <div className="form-row">
      <button
        type="button"
        disabled={!canWrite}
        aria-describedby={noteId}
        onClick={() =>
          void api.POST('/api/v1/incidents/{id}/postmortem', { params: { path: { id: incident.id } } }).then(
            (answer) => setCreated(must(answer).id),
            (failure: unknown) => setError(errorMessage(failure)),
          )
        }
      >
        Draft postmortem
      </button>
      <span id={noteId} className="muted">
        No postmortem yet (one is drafted when the incident resolves).
      </span>
      <ErrorNotice message={error} />
    </div>
  );
}
