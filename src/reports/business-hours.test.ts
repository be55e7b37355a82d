import { describe, expect, it } from 'vitest';
import { isBusinessHours } from './business-hours.ts';

const at = (iso: string): number => Date.parse(iso);

describe('isBusinessHours', () => {
  it('is true on a weekday afternoon in the person’s zone', () => {
    // Wednesday 2026-03-04 14:00 in Paris (UTC+1 in winter).
    expect(isBusinessHours(at('2026-03-04T13:00:00Z'), 'Europe/Paris')).toBe(true);
  });

  it('is false on a Saturday, whatever the hour', () => {
    // Saturday 2026-03-07 11:00 in Paris.
    expect(isBusinessHours(at('2026-03-07T10:00:00Z'), 'Europe/Paris')).toBe(false);
  });

  it('starts at 09:00 exactly and ends before 17:00 exactly', () => {
    expect(isBusinessHours(at('2026-03-04T08:00:00Z'), 'Europe/Paris')).toBe(true);
    expect(isBusinessHours(at('2026-03-04T07:59:59Z'), 'Europe/Paris')).toBe(false);
    expect(isBusinessHours(at('2026-03-04T15:59:59Z'), 'Europe/Paris')).toBe(true);
    expect(isBusinessHours(at('2026-03-04T16:00:00Z'), 'Europe/Paris')).toBe(false);
  });

  it('reads the weekday in the person’s zone, not in UTC', () => {
    // Friday 23:30 UTC is already Saturday 08:30 in Tokyo, and still Friday 18:30 in New York.
    const fridayNight = at('2026-03-06T23:30:00Z');
    expect(isBusinessHours(fridayNight, 'Asia/Tokyo')).toBe(false);
    expect(isBusinessHours(fridayNight, 'America/New_York')).toBe(false);
    // Monday 00:30 UTC is Monday 09:30 in Tokyo.
    expect(isBusinessHours(at('2026-03-09T00:30:00Z'), 'Asia/Tokyo')).toBe(true);
  });

  it('follows daylight saving: 07:30 UTC is 09:30 in Paris in summer but 08:30 in winter', () => {
    expect(isBusinessHours(at('2026-07-01T06:30:00Z'), 'Europe/Paris')).toBe(false);
    expect(isBusinessHours(at('2026-07-01T07:30:00Z'), 'Europe/Paris')).toBe(true);
    expect(isBusinessHours(at('2026-01-07T07:30:00Z'), 'Europe/Paris')).toBe(false);
  });
});
