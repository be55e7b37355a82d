import { createHmac, timingSafeEqual } from 'node:crypto';
import { type ChannelSender, DEFAULT_TIMEOUT_MS, resolveSecret } from './channel-sender.ts';
import { type HttpSenderOptions, postJson } from './http-post.ts';
import type { NotificationMessage } from './message.ts';

/** Bumped only when a field changes meaning or disappears; receivers may ignore fields they do not know. */
export const WEBHOOK_BODY_VERSION = 1;

/** The exact JSON body a generic webhook receives: the message plus `version`. */
export function renderWebhookBody(message: NotificationMessage): string {
  return JSON.stringify({ version: WEBHOOK_BODY_VERSION, ...message });
}

/** The `X-Nines-Signature` value: `sha256=` and the hex HMAC-SHA256 of the exact body bytes. */
export function signBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True when `header` is the signature of `body` under `secret`, compared in constant time. */
export function verifySignature(
  body: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** POSTs the signed JSON body with the delivery's Idempotency-Key, so a retried delivery can be dropped. */
export function createWebhookSender(options: HttpSenderOptions = {}): ChannelSender<'webhook'> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return {
    async send({ target, message, idempotencyKey, secrets, signal }) {
      const body = renderWebhookBody(message);
      const headers: Record<string, string> = { 'idempotency-key': idempotencyKey, 'user-agent': 'nines' };
      const secretValues: string[] = [];
      if (target.secret) {
        const secret = resolveSecret(target.secret, secrets);
        headers['x-nines-signature'] = signBody(body, secret);
        secretValues.push(secret);
      }
      await postJson({ url: target.url, body, headers, signal, timeoutMs, secretValues, fetch: fetchImpl });
    },
  };
}
