import { describe, expect, it } from 'vitest';
import { at } from '../testing/oncall-fixtures.ts';
import { escapeText, foldLine, scheduleToICalendar } from './ical.ts';
import type { OnCallEntry } from './who-is-on-call.ts';

const entries: OnCallEntry[] = [
  { person: 'alice', layer: 'weekly', startMs: at('2026-03-23T08:00Z'), endMs: at('2026-03-30T07:00Z') },
  { person: 'bob', layer: 'override', startMs: at('2026-03-30T07:00Z'), endMs: at('2026-03-30T11:00Z') },
];

describe('scheduleToICalendar', () => {
  it('writes one VEVENT per entry with UTC times and CRLF line ends', () => {
    // UIDs are the first 32 hex digits of sha256("<schedule>\n<startMs>\n<person>"), computed with
    // `printf 'primary\n1774252800000\nalice' | sha256sum` (2026-03-23T08:00Z = 1774252800000 ms).
    const expected = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Nines//On-call schedule//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:On call: primary',
      'BEGIN:VEVENT',
      'UID:37ee871dfaf0cceea6409f4ede4df687@nines',
      'DTSTAMP:20260320T120000Z',
      'DTSTART:20260323T080000Z',
      'DTEND:20260330T070000Z',
      'SUMMARY:On call: alice (primary)',
      'DESCRIPTION:From layer weekly of schedule primary.',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:6c26114422201a4554874e7d86108512@nines',
      'DTSTAMP:20260320T120000Z',
      'DTSTART:20260330T070000Z',
      'DTEND:20260330T110000Z',
      'SUMMARY:On call: bob (primary)',
      'DESCRIPTION:From an override of schedule primary.',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const calendar = scheduleToICalendar({
      schedule: { name: 'primary' },
      entries,
      generatedAtMs: at('2026-03-20T12:00Z'),
    });
    expect(calendar).toBe(expected);
  });

  it('keeps UIDs stable when the calendar is generated again later', () => {
    const uids = (text: string) => text.split('\r\n').filter((line) => line.startsWith('UID:'));
    const first = scheduleToICalendar({ schedule: { name: 'primary' }, entries, generatedAtMs: 0 });
    const later = scheduleToICalendar({
      schedule: { name: 'primary' },
      entries,
      generatedAtMs: at('2026-04-01T00:00Z'),
    });
    expect(uids(later)).toEqual(uids(first));
    const otherSchedule = scheduleToICalendar({ schedule: { name: 'secondary' }, entries, generatedAtMs: 0 });
    expect(uids(otherSchedule)).not.toEqual(uids(first));
  });

  it('escapes schedule names and descriptions and takes a custom PRODID', () => {
    const calendar = scheduleToICalendar({
      schedule: { name: 'ops; night, EU', description: 'Line one\nC:\\runbooks' },
      entries: entries.slice(0, 1),
      generatedAtMs: 0,
      prodId: '-//Example//Pager//EN',
    });
    const lines = calendar.split('\r\n');
    expect(lines).toContain('PRODID:-//Example//Pager//EN');
    expect(lines).toContain('X-WR-CALDESC:Line one\\nC:\\\\runbooks');
    expect(lines).toContain('SUMMARY:On call: alice (ops\\; night\\, EU)');
  });

  it('folds a long SUMMARY at 75 octets with a leading space on the continuation', () => {
    // "SUMMARY:On call: " is 17 octets, so the first line takes 58 of the 80 x; the continuation is
    // one space, the remaining 22 x and " (primary)".
    const person = 'x'.repeat(80);
    const calendar = scheduleToICalendar({
      schedule: { name: 'primary' },
      entries: [{ ...(entries[0] as OnCallEntry), person }],
      generatedAtMs: 0,
    });
    expect(calendar).toContain(`\r\nSUMMARY:On call: ${'x'.repeat(58)}\r\n ${'x'.repeat(22)} (primary)\r\n`);
    for (const line of calendar.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(calendar.replace(/\r\n /g, '')).toContain(`SUMMARY:On call: ${person} (primary)\r\n`);
  });
});

describe('foldLine / escapeText', () => {
  it('never splits a multi-byte character across lines', () => {
    // 17 + 57 = 74 octets; "é" takes 2 more, which would make 76, so it starts the continuation.
    const line = `SUMMARY:On call: ${'x'.repeat(57)}éy`;
    expect(foldLine(line)).toBe(`SUMMARY:On call: ${'x'.repeat(57)}\r\n éy`);
  });

  it('leaves lines of 75 octets or fewer alone', () => {
    const line = 'y'.repeat(75);
    expect(foldLine(line)).toBe(line);
  });

  it('escapes backslashes, semicolons, commas and every kind of newline', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });
});
