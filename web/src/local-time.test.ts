import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './local-time.ts';

describe('datetime-local values', () => {
  it('round-trips an instant through the field at minute precision', () => {
    const ms = Date.parse('2026-12-06T09:41:37Z');
    const value = toLocalInput(ms);
    expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(fromLocalInput(value)).toBe(new Date(ms - (ms % 60_000)).toISOString());
  });

  it('reads an empty or garbled field as no time', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
    expect(fromLocalInput('2026-13-45T99:99')).toBeNull();
  });
});
