import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import type { Schemas } from '../api.ts';
import { dateTime } from '../format.ts';
import { href, Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { type Action, useAction } from '../use-action.ts';
import { must } from '../use-api.ts';
import { ActionResult, NeedsWrite } from './action-result.tsx';
import { ChoiceField } from './choice-field.tsx';
import { PagedTable } from './paged-table.tsx';
import { PersonSelect, usePersons } from './person-select.tsx';
import { Status } from './status.tsx';

type IncidentDetail = Schemas['IncidentDetail'];
type IncidentStatus = IncidentDetail['status'];
type Severity = IncidentDetail['severity'];

const statuses: IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];
const severities: Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const roles = ['commander', 'communications', 'operations', 'scribe', 'sme'] as const;

/** A form that runs one action and reloads the incident when the server accepted it. */
function ActionForm({
  label,
  action,
  run,
  onChange,
  children,
}: {
  label: string;
  action: Action;
  run: () => Promise<string>;
  onChange: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(run).then((ok) => {
      if (ok) onChange();
    });
  };
  return (
    <form className="incident-form" onSubmit={submit} data-action={label}>
      {children}
    </form>
  );
}

/** Status, severity, roles, status updates and notes: each form shows the server's answer or refusal. */
export function IncidentActions({ incident, onChange }: { incident: IncidentDetail; onChange: () => void }) {
  const { api, canWrite } = useSession();
  const action = useAction();
  const { persons } = usePersons();
  const path = { params: { path: { id: incident.id } } };
  const [status, setStatus] = useState<IncidentStatus>(incident.status);
  const [reason, setReason] = useState('');
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [role, setRole] = useState<(typeof roles)[number]>('commander');
  const [person, setPerson] = useState('');
  const [message, setMessage] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [moveTo, setMoveTo] = useState<IncidentStatus | ''>('');
  const [note, setNote] = useState('');
  // A live change (or this form's own) moves the selects to the incident's new state.
  useEffect(() => setStatus(incident.status), [incident.status]);
  useEffect(() => setSeverity(incident.severity), [incident.severity]);
  const ids = {
    status: useId(),
    reason: useId(),
    message: useId(),
    isPublic: useId(),
    moveTo: useId(),
    note: useId(),
  };
  const off = !canWrite || action.busy;
  const form = (label: string, run: () => Promise<string>, children: ReactNode) => (
    <ActionForm label={label} action={action} run={run} onChange={onChange}>
      {children}
    </ActionForm>
  );
  return (
    <section className="panel" aria-labelledby={`${ids.status}-h`}>
      <h2 id={`${ids.status}-h`}>Respond</h2>
      <NeedsWrite canWrite={canWrite} what="change this incident" />
      <div className="incident-forms">
        {form(
          'Change status',
          async () => {
            const body = { status, ...(reason.trim() ? { reason: reason.trim() } : {}) };
            const answer = must(await api.POST('/api/v1/incidents/{id}/status', { ...path, body }));
            setReason('');
            return `Status is now ${answer.status}.`;
          },
          <div className="form-row">
            <ChoiceField label="Status" value={status} choices={statuses} onChange={setStatus} />
            <div>
              <label htmlFor={ids.reason}>Reason (to reopen)</label>
              <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
            <button type="submit" disabled={off || status === incident.status}>
              Update status
            </button>
          </div>,
        )}
        {form(
          'Change severity',
          async () => {
            const answer = must(await api.PATCH('/api/v1/incidents/{id}', { ...path, body: { severity } }));
            return `Severity is now ${answer.severity}.`;
          },
          <div className="form-row">
            <ChoiceField label="Severity" value={severity} choices={severities} onChange={setSeverity} />
            <button type="submit" disabled={off || severity === incident.severity}>
              Update severity
            </button>
          </div>,
        )}
        {form(
          'Assign role',
          async () => {
            must(await api.POST('/api/v1/incidents/{id}/roles', { ...path, body: { role, person } }));
            return `${person} is now ${role}.`;
          },
          <div className="form-row">
            <ChoiceField label="Role" value={role} choices={roles} onChange={setRole} />
            <PersonSelect value={person} onChange={setPerson} persons={persons} />
            <button type="submit" disabled={off || person === ''}>
              Assign role
            </button>
          </div>,
        )}
        <RoleList incident={incident} action={action} onChange={onChange} />
        {form(
          'Post a status update',
          async () => {
            const body = { message: message.trim(), public: isPublic, ...(moveTo ? { status: moveTo } : {}) };
            const answer = must(await api.POST('/api/v1/incidents/{id}/updates', { ...path, body }));
            setMessage('');
            setMoveTo('');
            return `Posted a ${answer.public ? 'public' : 'internal'} update${answer.onTime === false ? ' (late)' : ''}.`;
          },
          <>
            <label htmlFor={ids.message}>Update</label>
            <textarea id={ids.message} value={message} onChange={(e) => setMessage(e.target.value)} />
            <div className="form-row">
              <div className="check">
                <input
                  id={ids.isPublic}
                  type="checkbox"
                  checked={isPublic}
                  onChange={(e) => setPublic(e.target.checked)}
                />
                <label htmlFor={ids.isPublic}>Public</label>
              </div>
              <div>
                <label htmlFor={ids.moveTo}>Move to</label>
                <select
                  id={ids.moveTo}
                  value={moveTo}
                  onChange={(e) => setMoveTo(e.target.value as IncidentStatus | '')}
                >
                  <option value="">(no change)</option>
                  {statuses.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" disabled={off || message.trim() === ''}>
                Post update
              </button>
            </div>
          </>,
        )}
        {form(
          'Add a note',
          async () => {
            const answer = must(
              await api.POST('/api/v1/incidents/{id}/notes', { ...path, body: { text: note.trim() } }),
            );
            setNote('');
            return `Note added to the timeline (${answer.id}).`;
          },
          <>
            <label htmlFor={ids.note}>Note</label>
            <textarea id={ids.note} value={note} onChange={(e) => setNote(e.target.value)} />
            <button type="submit" disabled={off || note.trim() === ''}>
              Add note
            </button>
          </>,
        )}
      </div>
      <ActionResult action={action} />
    </section>
  );
}

/** Who holds each role, each with a button that takes it back. */
function RoleList({
  incident,
  action,
  onChange,
}: {
  incident: IncidentDetail;
  action: Action;
  onChange: () => void;
}) {
  const { api, canWrite } = useSession();
  const held = Object.entries(incident.roles).flatMap(([role, who]) =>
    (Array.isArray(who) ? who : [who])
      .filter((p): p is string => typeof p === 'string')
      .map((p) => [role, p] as const),
  );
  if (held.length === 0) return <p className="muted">No roles assigned.</p>;
  return (
    <ul className="plain-list">
      {held.map(([role, person]) => (
        <li key={`${role}-${person}`}>
          {role}: <strong>{person}</strong>{' '}
          <button
            type="button"
            disabled={!canWrite || action.busy}
            onClick={() =>
              void action
                .run(async () => {
                  must(
                    await api.DELETE('/api/v1/incidents/{id}/roles/{role}', {
                      params: {
                        path: { id: incident.id, role: role as (typeof roles)[number] },
                        query: { person },
                      },
                    }),
                  );
                  return `${person} is no longer ${role}.`;
                })
                .then((ok) => ok && onChange())
            }
          >
            Unassign {role} {person}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The incident's pages, and a form linking another one by number. */
export function LinkedPages({ incident, onChange }: { incident: IncidentDetail; onChange: () => void }) {
  const { api, canWrite } = useSession();
  const action = useAction();
  const [page, setPage] = useState('');
  const pageId = useId();
  return (
    <>
      <PagedTable
        caption="Pages linked to this incident"
        rows={incident.pages}
        rowKey={(p) => String(p.id)}
        empty="No pages linked."
        columns={[
          { header: 'Page', cell: (p) => <Link href={href('pages', p.id)}>Page {p.id}</Link> },
          { header: 'Status', cell: (p) => <Status value={p.status} /> },
          { header: 'Severity', cell: (p) => <Status value={p.severity} /> },
          { header: 'Summary', cell: (p) => p.summary },
          { header: 'Opened', cell: (p) => dateTime(p.createdAt) },
        ]}
      />
      <ActionForm
        label="Link a page"
        action={action}
        onChange={onChange}
        run={async () => {
          must(
            await api.POST('/api/v1/incidents/{id}/pages', {
              params: { path: { id: incident.id } },
              body: { page: Number(page) },
            }),
          );
          setPage('');
          return `Linked page ${page}.`;
        }}
      >
        <div className="form-row">
          <div>
            <label htmlFor={pageId}>Page number</label>
            <input
              id={pageId}
              inputMode="numeric"
              pattern="[0-9]+"
              value={page}
              onChange={(e) => setPage(e.target.value.trim())}
            />
          </div>
          <button type="submit" disabled={!canWrite || action.busy || !/^\d+$/.test(page)}>
            Link page
          </button>
        </div>
      </ActionForm>
      <ActionResult action={action} />
    </>
  );
}
