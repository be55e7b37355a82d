import { describe, expect, it } from 'vitest';
import { defaultIncidentPolicy } from '../specs/index.ts';
import { postmortemRequirement } from './requirement.ts';

const policy = defaultIncidentPolicy().postmortem;
const calm = { slo: 'api-availability', consumedPercent: 4, breached: false };

describe('postmortemRequirement', () => {
  it('requires one for SEV1 and SEV2 by default, not for SEV3', () => {
    expect(postmortemRequirement({ severity: 'SEV2', dataLoss: false }, [calm], policy)).toEqual({
      required: true,
      reasons: ['severity:SEV2'],
    });
    expect(postmortemRequirement({ severity: 'SEV3', dataLoss: false }, [calm], policy)).toEqual({
      required: false,
      reasons: [],
    });
  });

  it('lists every criterion that holds: breach, budget over 30 % and data loss', () => {
    const impacts = [
      { slo: 'api-availability', consumedPercent: 42, breached: true },
      { slo: 'api-latency', consumedPercent: 30, breached: false },
    ];
    // 30.0 % is not "more than 30 %"; 42 % is.
    expect(postmortemRequirement({ severity: 'SEV4', dataLoss: true }, impacts, policy).reasons).toEqual([
      'slo_breach:api-availability',
      'budget:api-availability:42.0%',
      'data_loss',
    ]);
  });

  it('follows a configured policy: budget criterion off, SEV3 required', () => {
    const custom = { ...policy, severities: ['SEV3' as const], budgetConsumedPercent: null, dataLoss: false };
    const impacts = [{ slo: 'a', consumedPercent: 90, breached: false }];
    expect(postmortemRequirement({ severity: 'SEV3', dataLoss: true }, impacts, custom).reasons).toEqual([
      'severity:SEV3',
    ]);
  });

  it('ignores SLOs without data', () => {
    const impacts = [{ slo: 'a', consumedPercent: null, breached: false }];
    expect(postmortemRequirement({ severity: 'SEV4', dataLoss: false }, impacts, policy).required).toBe(
      false,
    );
  });
});
