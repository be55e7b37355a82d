import { describe, expect, it } from 'vitest';
import { formatCursor, parseCursor } from './cursor.ts';

describe('event cursors', () => {
  it('reads back the id it wrote', () => {
    const cursor = { pageEventId: 12, incidentEventId: 3, deployEventId: 5, bootId: '1a2b3c4d', sloSeq: 7 };
    expect(formatCursor(cursor)).toBe('p12.i3.d5.s1a2b3c4d-7');
    expect(parseCursor('p12.i3.d5.s1a2b3c4d-7')).toEqual(cursor);
  });

  it('still reads an id sent before deploy events were streamed, with no deploy position', () => {
    expect(parseCursor('p12.i3.s1a2b3c4d-7')).toEqual({
      pageEventId: 12,
      incidentEventId: 3,
      deployEventId: null,
      bootId: '1a2b3c4d',
      sloSeq: 7,
    });
  });

  it.each([
    '',
    'p12',
    'p12.i3',
    'p-1.i3.sab-1',
    'p1.i2.sXYZ-1',
    'p1.i2.sab-',
    'p1.i2.sab-1.extra',
    'p1.i2.d.sab-1',
    'p1.i2.d-3.sab-1',
    'p1.d2.i2.sab-1',
    'p1.i2.d1234567890123456.sab-1',
    'p1234567890123456.i1.sab-1',
  ])('refuses %j as invalid input naming the field', (text) => {
    expect(() => parseCursor(text, 'lastEventId')).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: 'lastEventId is not an id this stream sent',
      }),
    );
  });
});
