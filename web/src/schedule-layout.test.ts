import { describe, expect, it } from 'vitest';
import { dayTicks, placeShifts } from './schedule-layout.ts';

const H = 3_600_000;
const from = Date.parse('2026-12-07T00:00:00Z');
const to = from + 100 * H;
const at = (hours: number) => new Date(from + hours * H).toISOString();

describe('schedule layout', () => {
  it('places each shift by its share of the window, clipping the ones that cross its edges', () => {
    const placed = placeShifts(
      [
        { person: 'bob', start: at(50), end: at(75) },
        { person: 'ana', start: at(-10), end: at(10) },
        { person: 'cy', start: at(90), end: at(130) },
      ],
      from,
      to,
    );
    expect(placed.map((p) => [p.shift.person, p.leftPercent, p.widthPercent])).toEqual([
      ['ana', 0, 10],
      ['bob', 50, 25],
      ['cy', 90, 10],
    ]);
  });

  it('leaves out shifts wholly outside the window, so a restriction stays a gap', () => {
    const placed = placeShifts(
      [
        { person: 'ana', start: at(-20), end: at(0) },
        { person: 'bob', start: at(100), end: at(120) },
        { person: 'cy', start: at(20), end: at(30) },
      ],
      from,
      to,
    );
    expect(placed.map((p) => p.shift.person)).toEqual(['cy']);
    expect(placed[0]?.label).toMatch(/^cy, \d{4}-\d\d-\d\d \d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d$/);
  });

  it('marks every local midnight inside the window', () => {
    const start = new Date(2026, 11, 7, 12, 0).getTime();
    const ticks = dayTicks(start, start + 72 * H);
    expect(ticks.map((t) => new Date(t.at).getDate())).toEqual([8, 9, 10]);
    expect(ticks[0]?.leftPercent).toBeCloseTo((12 / 72) * 100, 6);
  });
});
