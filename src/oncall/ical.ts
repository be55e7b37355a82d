import { sha256Hex } from '../core/ids.ts';
import { icalUtcTime } from '../core/time-format.ts';
import type { Schedule } from '../specs/index.ts';
import { type OnCallEntry, OVERRIDE_SOURCE } from './who-is-on-call.ts';

export interface ICalendarInput {
  schedule: Pick<Schedule, 'name' | 'description'>;
  /** The final schedule to publish, usually `finalSchedule(...)` for the next weeks. */
  entries: OnCallEntry[];
  generatedAtMs: number;
  /** @default '-//Nines//On-call schedule//EN' */
  prodId?: string;
}

const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a content line into lines of at most 75 octets, continuations starting with a space (§3.1). */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Never split a UTF-8 sequence: move the whole character to the next line.
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
}

function eventLines(scheduleName: string, entry: OnCallEntry, stampMs: number): string[] {
  const source = entry.layer === OVERRIDE_SOURCE ? 'an override' : `layer ${entry.layer}`;
  return [
    'BEGIN:VEVENT',
    // Same shift, same UID, so calendar clients update events instead of duplicating them.
    `UID:${sha256Hex(`${scheduleName}\n${entry.startMs}\n${entry.person}`).slice(0, 32)}@nines`,
    `DTSTAMP:${icalUtcTime(stampMs)}`,
    `DTSTART:${icalUtcTime(entry.startMs)}`,
    `DTEND:${icalUtcTime(entry.endMs)}`,
    `SUMMARY:${escapeText(`On call: ${entry.person} (${scheduleName})`)}`,
    `DESCRIPTION:${escapeText(`From ${source} of schedule ${scheduleName}.`)}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** The final schedule as an RFC 5545 calendar: one VEVENT per entry, CRLF lines folded at 75 octets. */
export function scheduleToICalendar({ schedule, entries, generatedAtMs, prodId }: ICalendarInput): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${prodId ?? '-//Nines//On-call schedule//EN'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`On call: ${schedule.name}`)}`,
    ...(schedule.description ? [`X-WR-CALDESC:${escapeText(schedule.description)}`] : []),
    ...entries.flatMap((entry) => eventLines(schedule.name, entry, generatedAtMs)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
