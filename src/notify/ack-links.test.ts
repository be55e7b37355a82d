import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { signAction, verifyAction } from './ack-links.ts';

const secret = 'test-link-signing-secret';
const nowMs = Date.UTC(2030, 0, 1);
const expiresAtMs = nowMs + 3_600_000;

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}

describe('ack links', () => {
  const token = signAction({ pageId: '42', action: 'ack', expiresAtMs, secret });

  it('grants the action on the page it was signed for', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyAction(token, { secret, nowMs })).toEqual({
      pageId: '42',
      action: 'ack',
      round: 0,
      recipient: null,
    });
  });

  it('names the round of the page and the person it was sent to', () => {
    const personal = signAction({
      pageId: '42',
      action: 'ack',
      expiresAtMs,
      secret,
      round: 3,
      recipient: 'ana',
    });
    expect(verifyAction(personal, { secret, nowMs })).toEqual({
      pageId: '42',
      action: 'ack',
      round: 3,
      recipient: 'ana',
    });
    const [, mac] = personal.split('.');
    const moved = `${b64(JSON.stringify({ p: '42', a: 'ack', e: expiresAtMs, r: 4, w: 'ana' }))}.${mac}`;
    expect(verifyAction(moved, { secret, nowMs })).toEqual({ error: 'bad_signature' });
  });

  it('expires at expiresAtMs', () => {
    expect(verifyAction(token, { secret, nowMs: expiresAtMs - 1 })).toEqual({
      pageId: '42',
      action: 'ack',
      round: 0,
      recipient: null,
    });
    expect(verifyAction(token, { secret, nowMs: expiresAtMs })).toEqual({ error: 'expired' });
  });

  it('cannot be moved to another page by editing the payload', () => {
    const [, mac] = token.split('.');
    const forged = `${b64(JSON.stringify({ p: '43', a: 'ack', e: expiresAtMs }))}.${mac}`;
    expect(verifyAction(forged, { secret, nowMs })).toEqual({ error: 'bad_signature' });
  });

  it('cannot be extended by editing the expiry', () => {
    const [, mac] = token.split('.');
    const forged = `${b64(JSON.stringify({ p: '42', a: 'ack', e: expiresAtMs * 2 }))}.${mac}`;
    expect(verifyAction(forged, { secret, nowMs })).toEqual({ error: 'bad_signature' });
  });

  it('rejects every single-character change to the signature', () => {
    const [payload, mac = ''] = token.split('.');
    for (let index = 0; index < mac.length; index += 1) {
      const swapped = mac[index] === 'A' ? 'B' : 'A';
      const tampered = `${payload}.${mac.slice(0, index)}${swapped}${mac.slice(index + 1)}`;
      expect(verifyAction(tampered, { secret, nowMs })).toEqual({ error: 'bad_signature' });
    }
  });

  it('is worthless under another secret', () => {
    expect(verifyAction(token, { secret: 'another-signing-secret', nowMs })).toEqual({
      error: 'bad_signature',
    });
  });

  it('differs per page, so one page token is not another page token', () => {
    const other = signAction({ pageId: '43', action: 'ack', expiresAtMs, secret });
    expect(other).not.toBe(token);
    expect(verifyAction(other, { secret, nowMs })).toEqual({
      pageId: '43',
      action: 'ack',
      round: 0,
      recipient: null,
    });
  });

  it('calls what is not a token malformed', () => {
    for (const text of ['', 'abc', 'a.b.c', `${token}.x`, 'ab$.cd', '.abc']) {
      expect(verifyAction(text, { secret, nowMs })).toEqual({ error: 'malformed' });
    }
  });

  it('refuses a short signing secret', () => {
    expect(() => signAction({ pageId: '42', action: 'ack', expiresAtMs, secret: 'short' })).toThrow(
      NinesError,
    );
  });
});
