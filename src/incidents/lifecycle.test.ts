import { describe, expect, it } from 'vitest';
import type { NinesError } from '../core/errors.ts';
import { defaultIncidentPolicy } from '../specs/index.ts';
import { cadenceTimers, dueCadenceAction } from './cadence.ts';
import { changeStatus } from './lifecycle.ts';

const none = { identified_ms: null, mitigated_ms: null, resolved_ms: null };

describe('changeStatus', () => {
  it('stamps each milestone the first time it is reached and keeps it afterwards', () => {
    const identified = changeStatus({
      id: 1,
      from: 'investigating',
      to: 'identified',
      milestones: none,
      nowMs: 100,
    });
    expect(identified).toEqual({ identified_ms: 100, mitigated_ms: null, resolved_ms: null });
    const back = changeStatus({
      id: 1,
      from: 'identified',
      to: 'investigating',
      milestones: identified,
      nowMs: 200,
    });
    const again = changeStatus({
      id: 1,
      from: 'investigating',
      to: 'identified',
      milestones: back,
      nowMs: 300,
    });
    expect(again.identified_ms).toBe(100);
    const monitoring = changeStatus({
      id: 1,
      from: 'identified',
      to: 'monitoring',
      milestones: again,
      nowMs: 400,
    });
    expect(monitoring.mitigated_ms).toBe(400);
    const resolved = changeStatus({
      id: 1,
      from: 'monitoring',
      to: 'resolved',
      milestones: monitoring,
      nowMs: 500,
    });
    expect(resolved).toEqual({ identified_ms: 100, mitigated_ms: 400, resolved_ms: 500 });
  });

  it('counts resolution as mitigation when the incident skipped monitoring', () => {
    expect(
      changeStatus({ id: 1, from: 'investigating', to: 'resolved', milestones: none, nowMs: 50 }),
    ).toEqual({
      identified_ms: null,
      mitigated_ms: 50,
      resolved_ms: 50,
    });
  });

  it('refuses resolving twice and reopening without a reason', () => {
    const resolved = { identified_ms: null, mitigated_ms: 5, resolved_ms: 5 };
    expect(() =>
      changeStatus({ id: 7, from: 'resolved', to: 'resolved', milestones: resolved, nowMs: 9 }),
    ).toThrow(/incident 7 is already resolved/);
    try {
      changeStatus({
        id: 7,
        from: 'resolved',
        to: 'investigating',
        reason: '  ',
        milestones: resolved,
        nowMs: 9,
      });
      expect.unreachable();
    } catch (error) {
      expect((error as NinesError).code).toBe('conflict');
      expect((error as NinesError).message).toMatch(/needs a reason/);
    }
  });

  it('clears the resolution when a resolved incident is reopened with a reason', () => {
    const resolved = { identified_ms: 1, mitigated_ms: 5, resolved_ms: 5 };
    expect(
      changeStatus({
        id: 7,
        from: 'resolved',
        to: 'investigating',
        reason: 'errors are back',
        milestones: resolved,
        nowMs: 9,
      }),
    ).toEqual({ identified_ms: 1, mitigated_ms: 5, resolved_ms: null });
  });
});

describe('cadence', () => {
  const policy = defaultIncidentPolicy();
  const min = 60_000;

  it('owes a SEV1 update reminded after 15 min and late after 30 min, a SEV2 after 30 and 60', () => {
    expect(cadenceTimers({ policy, severity: 'SEV1', status: 'investigating', sinceMs: 0 })).toEqual({
      update_remind_ms: 15 * min,
      update_due_ms: 30 * min,
    });
    expect(cadenceTimers({ policy, severity: 'SEV2', status: 'identified', sinceMs: 1_000 })).toEqual({
      update_remind_ms: 1_000 + 30 * min,
      update_due_ms: 1_000 + 60 * min,
    });
  });

  it('owes nothing for SEV4 or once resolved', () => {
    const nothing = { update_remind_ms: null, update_due_ms: null };
    expect(cadenceTimers({ policy, severity: 'SEV4', status: 'investigating', sinceMs: 0 })).toEqual(nothing);
    expect(cadenceTimers({ policy, severity: 'SEV1', status: 'resolved', sinceMs: 0 })).toEqual(nothing);
  });

  it('reminds between the two times and reports overdue from the due time on', () => {
    const timers = { update_remind_ms: 15 * min, update_due_ms: 30 * min };
    expect(dueCadenceAction(timers, 15 * min - 1)).toBe('none');
    expect(dueCadenceAction(timers, 15 * min)).toBe('remind');
    expect(dueCadenceAction({ update_remind_ms: null, update_due_ms: 30 * min }, 29 * min)).toBe('none');
    expect(dueCadenceAction({ update_remind_ms: null, update_due_ms: 30 * min }, 30 * min)).toBe('overdue');
  });
});
