import { type FormEvent, useId, useState } from 'react';
import type { Schemas } from '../api.ts';
import { dateTime } from '../format.ts';
import { useSession } from '../session.tsx';
import { useAction } from '../use-action.ts';
import { must } from '../use-api.ts';
import { ActionResult } from './action-result.tsx';
import { PagedTable } from './paged-table.tsx';
import { PersonSelect, usePersons } from './person-select.tsx';
import { Status } from './status.tsx';

type Postmortem = Schemas['Postmortem'];
type ActionItem = Schemas['ActionItem'];
type ItemStatus = ActionItem['status'];
type Priority = ActionItem['priority'];

const itemStatuses: ItemStatus[] = ['open', 'in_progress', 'done', 'wont_do'];
const priorities: Priority[] = ['P0', 'P1', 'P2', 'P3'];

/** A postmortem's action items: list with a status change per row, and a form adding one. */
export function ActionItems({ postmortem, onChange }: { postmortem: Postmortem; onChange: () => void }) {
  const action = useAction();
  return (
    <>
      <PagedTable
        caption="Action items"
        rows={postmortem.actionItems}
        rowKey={(item) => String(item.id)}
        empty="No action items yet."
        columns={[
          {
            header: 'Title',
            cell: (item) => (item.trackerUrl ? <a href={item.trackerUrl}>{item.title}</a> : item.title),
          },
          { header: 'Owner', cell: (item) => item.owner },
          { header: 'Priority', cell: (item) => item.priority },
          {
            header: 'Due',
            cell: (item) => (
              <>
                {dateTime(item.due)}
                {item.overdue ? (
                  <>
                    {' '}
                    <span className="badge badge-bad">overdue</span>
                  </>
                ) : null}
              </>
            ),
          },
          {
            header: 'Status',
            cell: (item) => <ItemStatusForm item={item} action={action} onChange={onChange} />,
          },
        ]}
      />
      <AddItemForm postmortemId={postmortem.id} onChange={onChange} />
      <ActionResult action={action} />
    </>
  );
}

function ItemStatusForm({
  item,
  action,
  onChange,
}: {
  item: ActionItem;
  action: ReturnType<typeof useAction>;
  onChange: () => void;
}) {
  const { api, canWrite } = useSession();
  const [status, setStatus] = useState<ItemStatus>(item.status);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        const answer = must(
          await api.PATCH('/api/v1/action-items/{id}', {
            params: { path: { id: item.id } },
            body: { status },
          }),
        );
        return `"${answer.title}" is now ${answer.status.replaceAll('_', ' ')}.`;
      })
      .then((ok) => ok && onChange());
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <Status value={item.status} />
      <label htmlFor={id} className="sr-only">
        New status of {item.title}
      </label>
      <select id={id} value={status} onChange={(e) => setStatus(e.target.value as ItemStatus)}>
        {itemStatuses.map((s) => (
          <option key={s} value={s}>
            {s.replaceAll('_', ' ')}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!canWrite || action.busy || status === item.status}>
        Set<span className="sr-only"> status of {item.title}</span>
      </button>
    </form>
  );
}

function AddItemForm({ postmortemId, onChange }: { postmortemId: number; onChange: () => void }) {
  const { api, canWrite } = useSession();
  const action = useAction();
  const { persons } = usePersons();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [priority, setPriority] = useState<Priority>('P2');
  const ids = { title: useId(), due: useId(), priority: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        const answer = must(
          await api.POST('/api/v1/postmortems/{id}/action-items', {
            params: { path: { id: postmortemId } },
            body: { title: title.trim(), owner, due, priority },
          }),
        );
        setTitle('');
        return `Added "${answer.title}" for ${answer.owner}, due ${dateTime(answer.due)}.`;
      })
      .then((ok) => ok && onChange());
  };
  return (
    <form className="panel" onSubmit={submit} aria-label="Add an action item">
      <div className="form-row">
        <div className="grow">
          <label htmlFor={ids.title}>Title</label>
          <input id={ids.title} value={title} required onChange={(e) => setTitle(e.target.value)} />
        </div>
        <PersonSelect label="Owner" value={owner} onChange={setOwner} persons={persons} />
        <div>
          <label htmlFor={ids.due}>Due</label>
          <input id={ids.due} type="date" value={due} required onChange={(e) => setDue(e.target.value)} />
        </div>
        <div>
          <label htmlFor={ids.priority}>Priority</label>
          <select
            id={ids.priority}
            value={priority}
            onChange={(e) => setPriority(e.target.value as Priority)}
          >
            {priorities.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={!canWrite || action.busy || title.trim() === '' || owner === '' || due === ''}
        >
          Add action item
        </button>
      </div>
      <ActionResult action={action} />
    </form>
  );
}
