import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { ViewProps } from '../app.tsx';
import { ActionResult, NeedsWrite } from '../components/action-result.tsx';
import { ChoiceField } from '../components/choice-field.tsx';
import { ErrorNotice, Loading, View } from '../components/notice.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { Status } from '../components/status.tsx';
import { ago, dateTime } from '../format.ts';
import { incidentsOpenFirst } from '../list-order.ts';
import { useLive } from '../live.ts';
import { href, Link, navigate, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useAction } from '../use-action.ts';
import { must, useApi } from '../use-api.ts';

const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;

export default function IncidentsView(_props: ViewProps) {
  useTitle('Incidents');
  const { api, canWrite } = useSession();
  const [declaring, setDeclaring] = useState(false);
  const { data, error, loading, reload } = useApi(
    async () => must(await api.GET('/api/v1/incidents', { params: { query: { limit: 1000 } } })).incidents,
    [api],
  );
  useLive(['incident'], reload);
  return (
    <View
      title="Incidents"
      actions={
        <button
          type="button"
          className="primary"
          disabled={!canWrite}
          onClick={() => setDeclaring((d) => !d)}
        >
          Declare incident
        </button>
      }
    >
      <NeedsWrite canWrite={canWrite} what="declare an incident" />
      {declaring ? <DeclareForm onCancel={() => setDeclaring(false)} /> : null}
      <ErrorNotice message={error} />
      {loading && !data ? (
        <Loading what="incidents" />
      ) : (
        <PagedTable
          caption="Incidents"
          rows={data ? incidentsOpenFirst(data) : []}
          rowKey={(incident) => String(incident.id)}
          filterText={(i) => `${i.id} ${i.title} ${i.services.join(' ')} ${i.status} ${i.severity}`}
          empty="No incidents."
          columns={[
            {
              header: 'Incident',
              cell: (i) => (
                <Link href={href('incidents', i.id)}>
                  Incident {i.id}: {i.title}
                </Link>
              ),
            },
            { header: 'Status', cell: (i) => <Status value={i.status} /> },
            { header: 'Severity', cell: (i) => <Status value={i.severity} /> },
            { header: 'Services', cell: (i) => i.services.join(', ') || '—' },
            { header: 'Commander', cell: (i) => i.roles.commander ?? '—' },
            {
              header: 'Declared',
              cell: (i) => <span title={dateTime(i.declaredAt)}>{ago(i.declaredAt)}</span>,
            },
          ]}
        />
      )}
    </View>
  );
}

/** Declare: title, severity, services (comma separated), summary; opens the new incident. */
function DeclareForm({ onCancel }: { onCancel: () => void }) {
  const { api } = useSession();
  const action = useAction();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<(typeof severities)[number]>('SEV2');
  const [services, setServices] = useState('');
  const [summary, setSummary] = useState('');
  const ids = { title: useId(), services: useId(), summary: useId() };
  const titleField = useRef<HTMLInputElement>(null);
  // Opening the form takes the keyboard to its first field.
  useEffect(() => titleField.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const created = must(
        await api.POST('/api/v1/incidents', {
          body: {
            title: title.trim(),
            severity,
            services: services
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
            ...(summary.trim() ? { summary: summary.trim() } : {}),
          },
        }),
      );
      navigate(href('incidents', created.id));
      return `Declared incident ${created.id}.`;
    });
  };
  return (
    <form className="panel declare" onSubmit={submit} aria-label="Declare incident">
      <div className="form-row">
        <div className="grow">
          <label htmlFor={ids.title}>Title</label>
          <input
            ref={titleField}
            id={ids.title}
            value={title}
            required
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <ChoiceField label="Severity" value={severity} choices={severities} onChange={setSeverity} />
        <div className="grow">
          <label htmlFor={ids.services}>Services</label>
          <input
            id={ids.services}
            value={services}
            placeholder="payment, checkout"
            aria-describedby={`${ids.services}-hint`}
            onChange={(e) => setServices(e.target.value)}
          />
          <span id={`${ids.services}-hint`} className="muted hint">
            Comma separated
          </span>
        </div>
      </div>
      <div>
        <label htmlFor={ids.summary}>Summary</label>
        <textarea id={ids.summary} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </div>
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || title.trim() === ''}>
          Declare
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ActionResult action={action} />
    </form>
  );
}
