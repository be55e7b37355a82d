import { describe, expect, it } from 'vitest';
import { makeMessage } from '../testing/notify-fixtures.ts';
import { isRetryableStatus } from './http-post.ts';
import { renderWebhookBody, signBody, verifySignature } from './webhook.ts';

describe('webhook signatures', () => {
  // node -e "crypto.createHmac('sha256','s3cret').update('{\"version\":1}').digest('hex')", and
  // printf '%s' '{"version":1}' | openssl dgst -sha256 -hmac s3cret gives the same.
  const expected = 'sha256=37d836ceeac029e78ae7c1aea23d20f2c8b7e6f4ad4b2eea354086f1917a30a5';

  it('is the hex HMAC-SHA256 of the exact body bytes', () => {
    expect(signBody('{"version":1}', 's3cret')).toBe(expected);
    expect(signBody(Buffer.from('{"version":1}'), 's3cret')).toBe(expected);
  });

  it('verifies the matching body and secret only', () => {
    expect(verifySignature('{"version":1}', expected, 's3cret')).toBe(true);
    expect(verifySignature('{"version":2}', expected, 's3cret')).toBe(false);
    expect(verifySignature('{"version": 1}', expected, 's3cret')).toBe(false);
    expect(verifySignature('{"version":1}', expected, 'other')).toBe(false);
    expect(verifySignature('{"version":1}', expected.toUpperCase(), 's3cret')).toBe(false);
    expect(verifySignature('{"version":1}', expected.slice(0, -2), 's3cret')).toBe(false);
    expect(verifySignature('{"version":1}', undefined, 's3cret')).toBe(false);
  });
});

describe('renderWebhookBody', () => {
  it('is the message plus version 1', () => {
    const message = makeMessage();
    expect(JSON.parse(renderWebhookBody(message))).toEqual({ version: 1, ...message });
  });
});

describe('isRetryableStatus', () => {
  it('retries server errors, timeouts and throttling, not other client errors', () => {
    expect([500, 502, 503, 504, 408, 429].map(isRetryableStatus)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 403, 404, 410, 413, 302].map(isRetryableStatus)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
