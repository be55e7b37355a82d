import { describe, expect, it } from 'vitest';
import { describeGateChange, type ObservedVerdict } from './gate-watch.ts';

const warn: ObservedVerdict = {
  decision: 'warn',
  budgetRemaining: 0.1437,
  reasons: [
    {
      source: 'slo:payment-availability',
      decision: 'warn',
      message: 'payment-availability: budget in warning',
    },
    { source: 'slo:payment-latency', decision: 'allow', message: 'payment-latency: healthy' },
  ],
};
const blockedByIncident: ObservedVerdict = {
  decision: 'block',
  budgetRemaining: 0.02,
  reasons: [
    { source: 'incident:1', decision: 'block', message: 'SEV1 incident #1 is open on payment' },
    {
      source: 'slo:payment-availability',
      decision: 'block',
      message: 'payment-availability: budget critical',
    },
  ],
};

describe('describeGateChange', () => {
  it('says the first answer, with the budget left and the reasons behind the decision only', () => {
    expect(
      describeGateChange({ service: 'payment', change: 'feature', previous: undefined, next: warn }),
    ).toBe(
      'deploy gate, payment (feature change): WARN, least budget left 14.4 % — payment-availability: budget in warning',
    );
  });

  it('is silent while neither the decision nor its sources change, even as the budget moves', () => {
    const later = { ...warn, budgetRemaining: 0.139 };
    expect(
      describeGateChange({ service: 'payment', change: 'feature', previous: warn, next: later }),
    ).toBeUndefined();
  });

  it('speaks when the decision changes, and when the same decision rests on other sources', () => {
    expect(
      describeGateChange({ service: 'payment', change: 'feature', previous: warn, next: blockedByIncident }),
    ).toMatch(/BLOCK, least budget left 2\.0 % — SEV1 incident #1 is open on payment; payment-availability/);
    const exhausted: ObservedVerdict = {
      decision: 'block',
      budgetRemaining: -0.05,
      reasons: [{ source: 'slo:payment-availability', decision: 'block', message: 'budget exhausted' }],
    };
    expect(
      describeGateChange({
        service: 'payment',
        change: 'feature',
        previous: blockedByIncident,
        next: exhausted,
      }),
    ).toBe('deploy gate, payment (feature change): BLOCK, least budget left -5.0 % — budget exhausted');
  });
});
