import { useId } from 'react';
import type { Schemas } from '../api.ts';
import { dateTime } from '../format.ts';
import { dayTicks, type PlacedShift, placeShifts, type Shift, shiftLabel } from '../schedule-layout.ts';

type Timeline = Schemas['ScheduleTimeline'];

/** A background per person: their place among `people` (all schedules' people), so it is the same everywhere. */
function toneOf(person: string, people: readonly string[]): string {
  const tones = ['tone-a', 'tone-b', 'tone-c', 'tone-d', 'tone-e'];
  return tones[Math.max(0, people.indexOf(person)) % tones.length] as string;
}

function Row({
  name,
  shifts,
  people,
  empty,
}: {
  name: string;
  shifts: PlacedShift[];
  people: readonly string[];
  empty: string;
}) {
  return (
    <div className="tl-row">
      <div className="tl-name">{name}</div>
      <ul
        className="tl-track"
        aria-label={`${name}: ${shifts.length === 0 ? empty : `${shifts.length} shifts`}`}
      >
        {shifts.map((placed) => (
          <li
            key={`${placed.shift.start}-${placed.shift.person}`}
            className={`tl-shift ${toneOf(placed.shift.person, people)}`}
            style={{ left: `${placed.leftPercent}%`, width: `${placed.widthPercent}%` }}
            title={placed.label}
          >
            <span aria-hidden="true">{placed.shift.person}</span>
            <span className="sr-only">{placed.label}</span>
          </li>
        ))}
        {shifts.length === 0 ? (
          <li className="tl-empty muted" aria-hidden="true">
            {empty}
          </li>
        ) : null}
      </ul>
    </div>
  );
}

/**
 * One schedule over [from, to): a row per layer (restrictions are the gaps), a row of overrides and the
 * "Final" row of who is actually on call; the final shifts are also listed in words below.
 */
export function ScheduleTimeline({ timeline, people }: { timeline: Timeline; people: readonly string[] }) {
  const captionId = useId();
  const fromMs = Date.parse(timeline.from);
  const toMs = Date.parse(timeline.to);
  const place = (shifts: readonly Shift[]) => placeShifts(shifts, fromMs, toMs);
  // A label at the right edge would be cut off.
  const ticks = dayTicks(fromMs, toMs).filter((tick) => tick.leftPercent < 95);
  return (
    <figure className="schedule" aria-labelledby={captionId}>
      <figcaption id={captionId}>{timeline.schedule} timeline</figcaption>
      <p className="muted tl-range">
        {dateTime(timeline.from)} to {dateTime(timeline.to)}
      </p>
      <div className="tl">
        <div className="tl-row tl-axis" aria-hidden="true">
          <div className="tl-name" />
          <div className="tl-track">
            {ticks.map((tick) => (
              <span key={tick.at} className="tl-tick" style={{ left: `${tick.leftPercent}%` }}>
                {tick.label}
              </span>
            ))}
          </div>
        </div>
        {timeline.layers.map((layer) => (
          <Row
            key={layer.name}
            name={layer.name}
            shifts={place(layer.shifts)}
            people={people}
            empty="nobody"
          />
        ))}
        <Row name="Overrides" shifts={place(timeline.overrides)} people={people} empty="none" />
        <Row name="Final" shifts={place(timeline.final)} people={people} empty="nobody on call" />
      </div>
      <div className="tl-text">
        <p>Who is on call:</p>
        {timeline.final.length === 0 ? (
          <p>Nobody is on call in this range.</p>
        ) : (
          <ol>
            {timeline.final.map((shift) => (
              <li key={`${shift.start}-${shift.person}`}>
                {shiftLabel(shift)} (
                {shift.source === 'override' ? 'override' : `layer ${shift.layer ?? ''}`.trim()})
              </li>
            ))}
          </ol>
        )}
      </div>
    </figure>
  );
}
