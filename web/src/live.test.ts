import { describe, expect, it } from 'vitest';
import { SseParser } from './live.ts';

describe('the event-stream parser', () => {
  it('reads ids, types and multi-line data across chunk boundaries', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 3000\n\n: ping\n\nid: p4.i2\nevent: pa')).toEqual([]);
    expect(parser.push('ge\ndata: {"pageId":4,\ndata: "kind":"acknowledged"}\n\n')).toEqual([
      { id: 'p4.i2', type: 'page', data: '{"pageId":4,\n"kind":"acknowledged"}' },
    ]);
    expect(parser.retryMs).toBe(3000);
  });

  it('accepts CRLF and CR line ends and keeps the last id for events without one', () => {
    const parser = new SseParser();
    const events = parser.push('id: 7\r\nevent: slo\r\ndata: a\r\n\r\ndata: b\r\r: next\n');
    expect(events).toEqual([
      { id: '7', type: 'slo', data: 'a' },
      { id: '7', type: 'message', data: 'b' },
    ]);
  });

  it('waits when a chunk ends in the middle of CRLF', () => {
    const parser = new SseParser();
    expect(parser.push('data: x\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ id: null, type: 'message', data: 'x' }]);
  });
});
