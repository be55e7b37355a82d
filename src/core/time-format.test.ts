import { describe, expect, it } from 'vitest';
import {
  icalUtcTime,
  isoTime,
  isoTimeOrNull,
  utcClockTime,
  utcDate,
  utcMinuteText,
  utcMonth,
} from './time-format.ts';

// 2026-03-09T07:05:04.321Z, computed by hand: 20,521 days after 1970-01-01 plus 07:05:04.321.
const T = 20_521 * 86_400_000 + (7 * 3600 + 5 * 60 + 4) * 1000 + 321;

describe('time formats', () => {
  it('writes one instant in every form people and formats read', () => {
    expect(isoTime(T)).toBe('2026-03-09T07:05:04.321Z');
    expect(isoTimeOrNull(null)).toBeNull();
    expect(utcMinuteText(T)).toBe('2026-03-09 07:05 UTC');
    expect(utcDate(T)).toBe('2026-03-09');
    expect(utcMonth(T)).toBe('2026-03');
    expect(utcClockTime(T)).toBe('07:05:04');
    expect(icalUtcTime(T)).toBe('20260309T070504Z');
  });
});
