import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { readJsonBody } from './json-body.ts';

const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  new Request('http://nines.test/', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

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
      headers: { 'content-type': 'application/json' },
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

describe('readJsonBody refuses text no engine can store', () => {
  it('refuses U+0000 in a string, naming its field (it answered 500 "invalid byte sequence" on PostgreSQL)', async () => {
    await expect(readJsonBody(post('{"incident":{"title":"a\\u0000b"}}'))).rejects.toMatchObject({
      code: 'invalid_input',
      details: [{ path: 'incident.title', message: expect.stringContaining('U+0000') }],
    });
  });

  it('refuses unpaired surrogates in values and keys, and accepts a proper pair', async () => {
    await expect(readJsonBody(post('{"batchId":"\\ud800"}'))).rejects.toMatchObject({
      details: [{ path: 'batchId', message: expect.stringContaining('U+D800') }],
    });
    await expect(readJsonBody(post('{"a":["x","\\udc00"]}'))).rejects.toMatchObject({
      details: [{ path: 'a.1' }],
    });
    await expect(readJsonBody(post('{"\\udbff":1}'))).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await readJsonBody(post('{"a":"\\ud83d\\ude00"}'))).toEqual({ a: '😀' });
  });

  it('refuses nesting deeper than 64 levels without overflowing the stack', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await expect(readJsonBody(post(deep))).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await readJsonBody(post(`${'['.repeat(64)}${']'.repeat(64)}`))).toBeInstanceOf(Array);
  });
});

describe('readJsonBody reads only JSON media types', () => {
  it('refuses a body sent as text/plain or without a Content-Type with unsupported_media_type', async () => {
    await expect(readJsonBody(post('{}', { 'content-type': 'text/plain' }))).rejects.toMatchObject({
      code: 'unsupported_media_type',
    });
    const bare = new Request('http://nines.test/', { method: 'POST', body: new Uint8Array([0x7b, 0x7d]) });
    await expect(readJsonBody(bare)).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });

  it('accepts application/json with a charset and +json types', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.api+json']) {
      expect(await readJsonBody(post('{"a":1}', { 'content-type': type }))).toEqual({ a: 1 });
    }
  });
});

describe('readJsonBody without a body', () => {
  it('says the body is empty (400), not that its absent Content-Type is wrong', async () => {
    const empty = new Request('http://nines.test/', { method: 'POST' });
    await expect(readJsonBody(empty)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
