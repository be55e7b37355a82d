import { useEffect, useId, useState } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { ActionItems } from '../components/action-items.tsx';
import { ActionResult, NeedsWrite } from '../components/action-result.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { getPostmortem, PostmortemEditor } from '../components/postmortem-editor.tsx';
import { Status } from '../components/status.tsx';
import { dateTime, duration, num } from '../format.ts';
import { href, Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useAction } from '../use-action.ts';
import { must, useApi } from '../use-api.ts';

type Postmortem = Schemas['Postmortem'];
type ReviewStatus = Postmortem['status'];

export default function PostmortemView({ params }: ViewProps) {
  const id = Number(params.id);
  useTitle(`Postmortem ${params.id}`);
  const { api, canWrite } = useSession();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const valid = Number.isInteger(id) && id > 0;
  const { data, error, loading, reload } = useApi(async () => {
    if (!valid) throw new Error(`"${params.id}" is not a postmortem number.`);
    return getPostmortem(api, id);
  }, [api, id]);
  if (!data) {
    return (
      <View title={`Postmortem ${params.id}`}>
        <ErrorNotice message={error} />
        {loading ? <Loading what="the postmortem" /> : null}
        {error ? (
          <p>
            <Link href="/incidents">All incidents</Link>
          </p>
        ) : null}
      </View>
    );
  }
  return (
    <View
      title={`Postmortem ${data.id}: ${data.title}`}
      actions={
        editing ? null : (
          <button
            type="button"
            className="primary"
            disabled={!canWrite}
            onClick={() => {
              setSaved(null);
              setEditing(true);
            }}
          >
            Edit
          </button>
        )
      }
    >
      <ErrorNotice message={error} />
      <NeedsWrite canWrite={canWrite} what="edit this postmortem" />
      <Facts
        items={[
          ['Status', <Status key="s" value={data.status} />],
          ['Version', `Version ${data.version}`],
          [
            'Incident',
            <Link key="i" href={href('incidents', data.incidentId)}>{`Incident ${data.incidentId}`}</Link>,
          ],
          ['Last edited', `${dateTime(data.updatedAt)} by ${data.updatedBy}`],
          ['Required', data.required ? `yes (${data.requiredReasons.join(', ')})` : 'no'],
          ['Services', data.services.join(', ') || '—'],
        ]}
      />
      {saved ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      {editing ? (
        <PostmortemEditor
          postmortem={data}
          onCancel={() => setEditing(false)}
          onSaved={(version) => {
            setEditing(false);
            setSaved(`Saved (now v${version}).`);
            reload();
          }}
        />
      ) : (
        <>
          <ReviewStatusForm postmortem={data} onChange={reload} />
          <Document postmortem={data} />
        </>
      )}
      <h2>Action items</h2>
      <ActionItems postmortem={data} onChange={reload} />
    </View>
  );
}

const reviewStatuses: ReviewStatus[] = ['draft', 'in_review', 'final'];

/** Moves the postmortem through review (draft → in review → final; back from final needs a reason). */
function ReviewStatusForm({ postmortem, onChange }: { postmortem: Postmortem; onChange: () => void }) {
  const { api, canWrite } = useSession();
  const action = useAction();
  const [status, setStatus] = useState<ReviewStatus>(postmortem.status);
  const [reason, setReason] = useState('');
  useEffect(() => setStatus(postmortem.status), [postmortem.status]);
  const ids = { status: useId(), reason: useId() };
  return (
    <form
      className="form-row"
      aria-label="Review"
      onSubmit={(event) => {
        event.preventDefault();
        void action
          .run(async () => {
            const body = {
              version: postmortem.version,
              status,
              ...(reason.trim() ? { reason: reason.trim() } : {}),
            };
            const answer = must(
              await api.PATCH('/api/v1/postmortems/{id}', { params: { path: { id: postmortem.id } }, body }),
            );
            return `Review status is now ${answer.status.replaceAll('_', ' ')} (now v${answer.version}).`;
          })
          .then((ok) => ok && onChange());
      }}
    >
      <div>
        <label htmlFor={ids.status}>Review status</label>
        <select id={ids.status} value={status} onChange={(e) => setStatus(e.target.value as ReviewStatus)}>
          {reviewStatuses.map((s) => (
            <option key={s} value={s}>
              {s.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.reason}>Reason (to reopen a final one)</label>
        <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" disabled={!canWrite || action.busy || status === postmortem.status}>
        Change review status
      </button>
      <ActionResult action={action} />
    </form>
  );
}

function List({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <p className="muted">Nothing written yet.</p>;
  return (
    <ul>
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a saved section read-only; items may repeat.
        <li key={`${index}-${item}`}>{item}</li>
      ))}
    </ul>
  );
}

function Text({ text }: { text: string }) {
  return text.trim() ? <p className="prose">{text}</p> : <p className="muted">Nothing written yet.</p>;
}

/** The document read-only, in the template's order. */
function Document({ postmortem }: { postmortem: Postmortem }) {
  const doc = postmortem.document;
  return (
    <article className="postmortem">
      <h2>Summary</h2>
      <Text text={doc.summary} />
      <h2>Impact</h2>
      <Facts
        items={[
          ['Duration', duration(doc.impact.durationMs / 1000)],
          ['Started', dateTime(doc.impact.startedAt)],
          ['Resolved', dateTime(doc.impact.resolvedAt)],
          ['Users affected', doc.impact.usersAffected || '—'],
          ['Revenue impact', doc.impact.revenueImpact || '—'],
          ['Support tickets', doc.impact.supportTickets || '—'],
          ['Data impact', doc.impact.dataImpact || '—'],
        ]}
      />
      <div className="table-scroll">
        <table>
          <caption>Error budget consumed</caption>
          <thead>
            <tr>
              <th scope="col">SLO</th>
              <th scope="col">Service</th>
              <th scope="col" className="num">
                Consumed
              </th>
              <th scope="col" className="num">
                Left at end
              </th>
              <th scope="col">Breached</th>
            </tr>
          </thead>
          <tbody>
            {doc.impact.errorBudget.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  No SLO of the affected services measured it.
                </td>
              </tr>
            ) : (
              doc.impact.errorBudget.map((b) => (
                <tr key={b.slo}>
                  <td>
                    <Link href={href('slos', b.slo)}>{b.slo}</Link>
                  </td>
                  <td>{b.service}</td>
                  <td className="num">
                    {b.consumedPercent === null ? '—' : `${num(b.consumedPercent, 1)} % of ${b.windowLabel}`}
                  </td>
                  <td className="num">
                    {b.remainingPercentAtEnd === null ? '—' : `${num(b.remainingPercentAtEnd, 1)} %`}
                  </td>
                  <td>{b.breached ? 'yes' : 'no'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <h2>Timeline</h2>
      <ol className="timeline">
        {doc.timeline.map((entry, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a saved section read-only; entries may share an instant.
          <li key={`${entry.at}-${index}`}>
            <time dateTime={entry.at}>{dateTime(entry.at)}</time>
            {entry.text}
          </li>
        ))}
      </ol>
      <h2>Five whys</h2>
      {doc.whys.length === 0 ? (
        <p className="muted">Nothing written yet.</p>
      ) : (
        <ol>
          {doc.whys.map((w, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a saved section read-only; whys may repeat.
            <li key={`${index}-${w.why}`}>
              {w.why} <span className="muted">→</span>{' '}
              {w.because || <span className="muted">not answered yet</span>}
            </li>
          ))}
        </ol>
      )}
      <h2>Root cause</h2>
      <Text text={doc.rootCause} />
      <h2>Contributing factors</h2>
      <List items={doc.contributingFactors} />
      <h2>What went well</h2>
      <List items={doc.wentWell} />
      <h2>What could be better</h2>
      <List items={doc.couldBeBetter} />
      <h2>Lessons learned</h2>
      <List items={doc.lessonsLearned} />
    </article>
  );
}
