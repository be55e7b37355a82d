import { describe, expect, it } from 'vitest';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { acceptsTime } from './accepts-time.ts';

const at = (iso: string) => Date.parse(iso);

describe('acceptsTime', () => {
  it('accepts the current minute and refuses a later one', () => {
    const now = at('2026-02-02T10:00:30Z');
    expect(acceptsTime(makeSlo(), at('2026-02-02T10:00:59.999Z'), now)).toEqual({ ok: true });
    expect(acceptsTime(makeSlo(), at('2026-02-02T10:01:00Z'), now)).toMatchObject({
      ok: false,
      reason: 'future',
    });
  });

  it('accepts data of the whole current calendar period, even older than three days', () => {
    const slo = makeSlo({ window: { kind: 'calendar', unit: 'quarter', timeZone: 'UTC' } });
    const now = at('2026-03-20T00:00:00Z');
    expect(acceptsTime(slo, at('2026-01-01T00:00:00Z'), now)).toEqual({ ok: true });
    expect(acceptsTime(slo, at('2025-12-31T23:59:59Z'), now)).toMatchObject({ ok: false, reason: 'too_old' });
  });

  it('refuses data for a time slice sealed two minutes after its end', () => {
    const slo = makeSlo({ budgeting: { method: 'timeslices', sliceMs: 300_000, sliceTarget: 0.99 } });
    // Slice [10:00, 10:05) is sealed from 10:07:00.
    expect(acceptsTime(slo, at('2026-02-02T10:04:00Z'), at('2026-02-02T10:06:59Z'))).toEqual({ ok: true });
    expect(acceptsTime(slo, at('2026-02-02T10:04:00Z'), at('2026-02-02T10:07:00Z'))).toMatchObject({
      ok: false,
      reason: 'late',
    });
  });
});
