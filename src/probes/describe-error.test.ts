import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.ts';

describe('describeError', () => {
  it("keeps Node's message", () => {
    expect(describeError(new Error('connect ECONNREFUSED 127.0.0.1:9'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  it('lists each distinct reason when several addresses failed (localhost on IPv4 and IPv6)', () => {
    const refused = [
      new Error('connect ECONNREFUSED ::1:9'),
      new Error('connect ECONNREFUSED 127.0.0.1:9'),
      new Error('connect ECONNREFUSED ::1:9'),
    ];
    expect(describeError(new AggregateError(refused, ''))).toBe(
      'connect ECONNREFUSED ::1:9; connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  it('falls back to the code when the message is empty', () => {
    expect(describeError(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(describeError('plain')).toBe('plain');
  });
});
