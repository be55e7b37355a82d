import { type FormEvent, useId, useState } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { ActionResult, NeedsWrite } from '../components/action-result.tsx';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorNotice, Loading, View } from '../components/notice.tsx';
import { PersonSelect, usePersons } from '../components/person-select.tsx';
import { ScheduleTimeline } from '../components/schedule-timeline.tsx';
import { dateTime } from '../format.ts';
import { fromLocalInput, toLocalInput } from '../local-time.ts';
import { useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useAction } from '../use-action.ts';
import { must, useApi } from '../use-api.ts';

type Summary = Schemas['ScheduleSummary'];
type Timeline = Schemas['ScheduleTimeline'];

const DAYS = 14;
const HOUR_MS = 3_600_000;

export default function OncallView(_props: ViewProps) {
  useTitle('On-call');
  const { api, canWrite } = useSession();
  const { data, error, loading, reload } = useApi(async () => {
    const schedules = must(await api.GET('/api/v1/schedules')).schedules;
    const from = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const to = new Date(from.getTime() + DAYS * 24 * HOUR_MS);
    const timelines = await Promise.all(
      schedules.map(async (schedule) =>
        must(
          await api.GET('/api/v1/schedules/{name}/timeline', {
            params: {
              path: { name: schedule.name },
              query: { from: from.toISOString(), to: to.toISOString() },
            },
          }),
        ),
      ),
    );
    return schedules.map((schedule, index) => ({ schedule, timeline: timelines[index] as Timeline }));
  }, [api]);
  const people = data ? peopleOf(data.map((d) => d.timeline)) : [];
  return (
    <View title="On-call">
      <ErrorNotice message={error} />
      <NeedsWrite canWrite={canWrite} what="create or delete overrides" />
      {loading && !data ? <Loading what="schedules" /> : null}
      {data?.length === 0 ? <p className="muted">No schedules are configured.</p> : null}
      {data?.map(({ schedule, timeline }) => (
        <Schedule
          key={schedule.name}
          schedule={schedule}
          timeline={timeline}
          people={people}
          onChange={reload}
        />
      ))}
    </View>
  );
}

/** Everyone on any timeline, sorted: each keeps one colour across schedules. */
function peopleOf(timelines: readonly Timeline[]): string[] {
  const shifts = timelines.flatMap((t) => [...t.final, ...t.overrides, ...t.layers.flatMap((l) => l.shifts)]);
  return [...new Set(shifts.map((s) => s.person))].sort();
}

function Schedule({
  schedule,
  timeline,
  people,
  onChange,
}: {
  schedule: Summary;
  timeline: Timeline;
  people: readonly string[];
  onChange: () => void;
}) {
  const headingId = useId();
  const now = schedule.oncallNow;
  return (
    <section className="panel schedule-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{schedule.name}</h2>
      {schedule.description ? <p className="muted">{schedule.description}</p> : null}
      <p>
        {now ? (
          <>
            On call now: <strong>{now.person}</strong> (
            {now.layer === 'override' ? 'override' : `layer ${now.layer}`}
            {now.until ? `, until ${dateTime(now.until)}` : ''})
          </>
        ) : (
          'Nobody is on call now.'
        )}
        {schedule.team ? <span className="muted"> · pages team {schedule.team}</span> : null}
      </p>
      <ScheduleTimeline timeline={timeline} people={people} />
      <Overrides schedule={schedule.name} timeline={timeline} onChange={onChange} />
    </section>
  );
}

/** The overrides in the range, each deletable (asked twice), and a form creating one. */
function Overrides({
  schedule,
  timeline,
  onChange,
}: {
  schedule: string;
  timeline: Timeline;
  onChange: () => void;
}) {
  const { api, canWrite } = useSession();
  const action = useAction();
  const { persons } = usePersons();
  const [person, setPerson] = useState('');
  const [start, setStart] = useState(() => toLocalInput(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS));
  const [end, setEnd] = useState(() => toLocalInput(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + 8 * HOUR_MS));
  const ids = { start: useId(), end: useId() };
  const done = (ok: boolean) => ok && onChange();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        const from = fromLocalInput(start);
        const until = fromLocalInput(end);
        if (!from || !until) throw new Error('Give a start and an end date and time.');
        const created = must(
          await api.POST('/api/v1/schedules/{name}/overrides', {
            params: { path: { name: schedule } },
            body: { person, start: from, end: until },
          }),
        );
        return `Override created: ${created.person} is on call from ${dateTime(created.start)} to ${dateTime(created.end)}.`;
      })
      .then(done);
  };
  return (
    <>
      <h3>Overrides</h3>
      {timeline.overrides.length === 0 ? <p className="muted">No override in the next {DAYS} days.</p> : null}
      <ul className="plain-list">
        {timeline.overrides.map((override) => (
          <li key={override.id}>
            <strong>{override.person}</strong> {dateTime(override.start)} – {dateTime(override.end)}{' '}
            <span className="muted">(by {override.createdBy})</span>{' '}
            <ConfirmButton
              label="Delete override"
              confirmLabel="Confirm delete"
              disabled={!canWrite}
              busy={action.busy}
              onConfirm={() =>
                void action
                  .run(async () => {
                    const deleted = must(
                      await api.DELETE('/api/v1/schedules/{name}/overrides/{id}', {
                        params: { path: { name: schedule, id: override.id } },
                      }),
                    );
                    return `Deleted the override of ${deleted.person} (${dateTime(deleted.start)} – ${dateTime(deleted.end)}).`;
                  })
                  .then(done)
              }
            />
          </li>
        ))}
      </ul>
      <form className="form-row" onSubmit={submit} aria-label={`Create an override of ${schedule}`}>
        <PersonSelect value={person} onChange={setPerson} persons={persons} />
        <div>
          <label htmlFor={ids.start}>Start</label>
          <input
            id={ids.start}
            type="datetime-local"
            value={start}
            required
            onChange={(e) => setStart(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={ids.end}>End</label>
          <input
            id={ids.end}
            type="datetime-local"
            value={end}
            required
            onChange={(e) => setEnd(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={!canWrite || action.busy || person === ''}>
          Create override
        </button>
      </form>
      <ActionResult action={action} />
    </>
  );
}
