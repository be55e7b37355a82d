import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { readJsonBody } from './json-body.ts';

const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  new Request('http://nines.test/', { method: 'POST', body, headers });

describe('readJsonBody', () => {
  it('parses JSON', async () => {
    expect(await readJsonBody(post('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
  });

  it('refuses malformed JSON and invalid UTF-8 as invalid_input', async () => {
    await expect(readJsonBody(post('{"a":'))).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(readJsonBody(post(new Uint8Array([0x22, 0xff, 0x22])))).rejects.toBeInstanceOf(NinesError);
  });

  it('refuses a body past the limit even when it does not declare its length', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(8).fill(0x20));
        controller.close();
      },
    });
    const request = new Request('http://nines.test/', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expect(readJsonBody(request, 16)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses a declared Content-Length past the limit before reading', async () => {
    await expect(readJsonBody(post('{}', { 'content-length': '99' }), 16)).rejects.toMatchObject({
      message: expect.stringContaining('larger than'),
    });
  });
});
