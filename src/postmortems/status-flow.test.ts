import { describe, expect, it } from 'vitest';
import { checkStatusChange } from './status-flow.ts';

describe('checkStatusChange', () => {
  it('moves forward draft → in_review → final', () => {
    expect(() => checkStatusChange({ id: 1, from: 'draft', to: 'in_review' })).not.toThrow();
    expect(() => checkStatusChange({ id: 1, from: 'in_review', to: 'final' })).not.toThrow();
  });

  it('reopens a final postmortem for review only with a reason', () => {
    expect(() => checkStatusChange({ id: 1, from: 'final', to: 'in_review' })).toThrow(/needs a reason/);
    expect(() => checkStatusChange({ id: 1, from: 'final', to: 'in_review', reason: ' ' })).toThrow(
      /needs a reason/,
    );
    expect(() =>
      checkStatusChange({ id: 1, from: 'final', to: 'in_review', reason: 'new facts' }),
    ).not.toThrow();
  });

  it('refuses skipping review and going back to draft, as a conflict', () => {
    for (const [from, to] of [
      ['draft', 'final'],
      ['in_review', 'draft'],
      ['final', 'draft'],
    ] as const) {
      expect(() => checkStatusChange({ id: 4, from, to })).toThrow(
        expect.objectContaining({
          code: 'conflict',
          message: `postmortem 4 cannot go from ${from} to ${to}`,
        }),
      );
    }
  });
});
