import { describe, expect, it } from 'vitest';
import { nextResponderAction, type ObservedIncident } from './responder-plan.ts';

const options = { nowMs: 0, identifyAfterMs: 60_000, resolveAfterMs: 30_000 };
const incident = (overrides: Partial<ObservedIncident> = {}): ObservedIncident => ({
  id: 1,
  status: 'investigating',
  declaredAtMs: 0,
  pagesResolved: false,
  hasCommander: true,
  ...overrides,
});

describe('nextResponderAction', () => {
  it('engages first, then identifies the cause a minute after declaration', () => {
    expect(nextResponderAction(incident({ hasCommander: false }), {}, options)).toEqual({ kind: 'engage' });
    expect(nextResponderAction(incident(), {}, { ...options, nowMs: 59_999 })).toBeUndefined();
    expect(nextResponderAction(incident(), {}, { ...options, nowMs: 60_000 })).toEqual({ kind: 'identify' });
  });

  it('monitors once the pages resolve and resolves 30 s of monitoring later', () => {
    const identified = incident({ status: 'identified' });
    expect(nextResponderAction(identified, {}, { ...options, nowMs: 600_000 })).toBeUndefined();
    expect(nextResponderAction({ ...identified, pagesResolved: true }, {}, options)).toEqual({
      kind: 'monitor',
    });
    const monitoring = incident({ status: 'monitoring', pagesResolved: true });
    const memory = { monitoringSinceMs: 100_000 };
    expect(nextResponderAction(monitoring, memory, { ...options, nowMs: 129_999 })).toBeUndefined();
    expect(nextResponderAction(monitoring, memory, { ...options, nowMs: 130_000 })).toEqual({
      kind: 'resolve',
    });
    expect(nextResponderAction(incident({ status: 'resolved' }), memory, options)).toBeUndefined();
  });
});
