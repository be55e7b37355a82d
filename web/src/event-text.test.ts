import { describe, expect, it } from 'vitest';
import { describeEvent } from './event-text.ts';

describe('history entries in words', () => {
  it('says what happened and who did it, so an acknowledgement names the person', () => {
    expect(describeEvent('acknowledged', 'ana')).toBe('acknowledged by ana');
    expect(describeEvent('snooze_ended', 'nines')).toBe('snooze ended by nines');
  });

  it('adds the simple details and leaves out nested ones', () => {
    expect(describeEvent('reassigned', 'ana', { person: 'bob', level: 1, targets: ['x'], via: '' })).toBe(
      'reassigned by ana (person: bob, level: 1)',
    );
  });

  it('shortens a long detail', () => {
    const text = describeEvent('note', 'ana', { text: 'x'.repeat(300) });
    expect(text.length).toBeLessThan(150);
    expect(text.endsWith('…)')).toBe(true);
  });
});
