import { useId, useState } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { ActionResult, NeedsWrite } from '../components/action-result.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { PersonSelect, usePersons } from '../components/person-select.tsx';
import { Status } from '../components/status.tsx';
import { describeEvent } from '../event-text.ts';
import { ago, dateTime } from '../format.ts';
import { useLive } from '../live.ts';
import { href, Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useAction } from '../use-action.ts';
import { must, useApi } from '../use-api.ts';

type PageDetail = Schemas['PageDetail'];
type Delivery = Schemas['Delivery'];

const snoozeChoices = ['15m', '30m', '1h', '2h', '4h', '8h', '24h'] as const;

export default function PageView({ params }: ViewProps) {
  const id = Number(params.id);
  useTitle(`Page ${params.id}`, 'Pages');
  const { api } = useSession();
  const valid = Number.isInteger(id) && id > 0;
  const { data, error, loading, reload } = useApi(async () => {
    if (!valid) throw new Error(`"${params.id}" is not a page number.`);
    return must(await api.GET('/api/v1/pages/{id}', { params: { path: { id } } }));
  }, [api, id]);
  useLive(['page'], (event) => {
    const pageId = (event.data as { pageId?: number } | null)?.pageId;
    if (event.type === 'reset' || pageId === id) reload();
  });
  if (!data) {
    return (
      <View title={`Page ${params.id}`}>
        <ErrorNotice message={error} />
        {loading ? <Loading what="the page" /> : null}
        {error ? (
          <p>
            <Link href="/pages">All pages</Link>
          </p>
        ) : null}
      </View>
    );
  }
  return (
    <View title={`Page ${data.id}: ${data.summary}`}>
      <ErrorNotice message={error} />
      <Facts
        items={[
          ['Status', <Status key="s" value={data.status} />],
          ['Severity', <Status key="v" value={data.severity} />],
          [
            'Service',
            data.service ? (
              <Link key="l" href={href('services', data.service)}>
                {data.service}
              </Link>
            ) : (
              '—'
            ),
          ],
          ['Team', data.team ?? '—'],
          ['Escalation', escalation(data)],
          ['Opened', `${dateTime(data.createdAt)} (${ago(data.createdAt)})`],
          [
            'Acknowledged by',
            data.acknowledgedBy ? `${data.acknowledgedBy}, ${dateTime(data.acknowledgedAt)}` : '—',
          ],
          ['Resolved by', data.resolvedBy ? `${data.resolvedBy}, ${dateTime(data.resolvedAt)}` : '—'],
          ['Snoozed until', data.snoozedUntil ? dateTime(data.snoozedUntil) : '—'],
        ]}
      />
      <PageActions page={data} onChange={reload} />
      <h2>History</h2>
      <ol className="timeline">
        {data.events.map((event, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only, so a position never changes meaning.
          <li key={`${event.at}-${index}`}>
            <time dateTime={event.at}>{dateTime(event.at)}</time>
            {describeEvent(event.kind, event.actor, event.details)}
          </li>
        ))}
      </ol>
      <h2>Alerts</h2>
      <PagedTable
        caption="Alerts of this page"
        rows={data.alerts}
        rowKey={(alert) => String(alert.id)}
        empty="No alerts attached."
        columns={[
          { header: 'Status', cell: (alert) => <Status value={alert.status} /> },
          { header: 'Severity', cell: (alert) => <Status value={alert.severity} /> },
          { header: 'Summary', cell: (alert) => alert.summary },
          { header: 'Source', cell: (alert) => alert.integration ?? alert.source },
          { header: 'Started', cell: (alert) => dateTime(alert.startsAt) },
          { header: 'Last seen', cell: (alert) => ago(alert.lastSeenAt) },
        ]}
      />
      <h2>Deliveries</h2>
      <PagedTable
        caption="Notifications sent for this page"
        rows={data.deliveries}
        rowKey={(delivery) => String(delivery.id)}
        empty="Nothing sent yet."
        columns={[
          { header: 'Channel', cell: (delivery) => delivery.channel },
          { header: 'Recipient', cell: (delivery) => delivery.recipient },
          { header: 'Where', cell: contact },
          { header: 'Status', cell: (delivery) => <Status value={delivery.status} /> },
          { header: 'Attempts', cell: (delivery) => delivery.attempts, numeric: true },
          {
            header: 'Sent / last error',
            cell: (delivery) => (delivery.sentAt ? dateTime(delivery.sentAt) : (delivery.lastError ?? '—')),
          },
        ]}
      />
    </View>
  );
}

function escalation(page: PageDetail): string {
  const policy = page.escalationPolicy ?? 'no escalation policy';
  const level = page.level > 0 ? `level ${page.level}` : 'not notified yet';
  return page.assignee ? `${policy}, ${level}, assigned to ${page.assignee}` : `${policy}, ${level}`;
}

function contact(delivery: Delivery): string {
  return delivery.contact.kind === 'email' ? delivery.contact.address : (delivery.contact.host ?? '—');
}

/** Acknowledge, resolve, snooze and reassign; each shows the server's answer or its refusal. */
function PageActions({ page, onChange }: { page: PageDetail; onChange: () => void }) {
  const { api, canWrite } = useSession();
  const action = useAction();
  const { persons, error: personsError } = usePersons();
  const [snooze, setSnooze] = useState<string>('30m');
  const [person, setPerson] = useState('');
  const snoozeId = useId();
  const path = { params: { path: { id: page.id } } };
  const act = (run: () => Promise<string>) =>
    void action.run(run).then((ok) => {
      if (ok) onChange();
    });
  const resolved = page.status === 'resolved';
  const disabled = !canWrite || action.busy;
  return (
    <section aria-label="Actions" className="panel page-actions">
      <NeedsWrite canWrite={canWrite} what="acknowledge, resolve, snooze or reassign" />
      <div className="form-row">
        <button
          type="button"
          className="primary"
          disabled={disabled || page.status !== 'triggered'}
          onClick={() =>
            act(async () => {
              const p = must(await api.POST('/api/v1/pages/{id}/ack', path));
              return `Done: the acknowledgement is recorded under ${p.acknowledgedBy ?? 'your token'} at ${dateTime(p.acknowledgedAt)}.`;
            })
          }
        >
          Acknowledge
        </button>
        <button
          type="button"
          disabled={disabled || resolved}
          onClick={() =>
            act(async () => {
              const p = must(await api.POST('/api/v1/pages/{id}/resolve', path));
              return `Done: the resolution is recorded under ${p.resolvedBy ?? 'your token'} at ${dateTime(p.resolvedAt)}.`;
            })
          }
        >
          Resolve
        </button>
      </div>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          act(async () => {
            const p = must(
              await api.POST('/api/v1/pages/{id}/snooze', { ...path, body: { duration: snooze } }),
            );
            return `Snoozed: acknowledged until ${dateTime(p.snoozedUntil)}.`;
          });
        }}
      >
        <div>
          <label htmlFor={snoozeId}>Snooze for</label>
          <select id={snoozeId} value={snooze} onChange={(event) => setSnooze(event.target.value)}>
            {snoozeChoices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={disabled || resolved}>
          Snooze
        </button>
      </form>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          act(async () => {
            const p = must(await api.POST('/api/v1/pages/{id}/reassign', { ...path, body: { person } }));
            return `Reassigned to ${p.assignee ?? person}: the page is triggered for them.`;
          });
        }}
      >
        <PersonSelect value={person} onChange={setPerson} persons={persons} />
        <button type="submit" disabled={disabled || resolved || person === ''}>
          Reassign
        </button>
      </form>
      <ErrorNotice message={personsError} />
      <ActionResult action={action} />
    </section>
  );
}
