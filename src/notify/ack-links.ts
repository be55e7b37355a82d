import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { NinesError } from '../core/errors.ts';

/** What a signed link may do. Each token grants exactly one action on exactly one page. */
export type PageAction = 'ack';

export type VerifiedAction = {
  pageId: string;
  action: PageAction;
  /** The page's round the link was sent for: it acts on that round only (links without one: round 0). */
  round: number;
  /** The person the link was sent to; null for a team's channel. */
  recipient: string | null;
};
export type ActionRejection = { error: 'expired' | 'bad_signature' | 'malformed' };

/** Mixed into the MAC so a signature made with the same key for another purpose never passes here. */
const PURPOSE = 'nines.page-action.v1';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MIN_SECRET_CHARS = 16;

const payloadSchema = z.strictObject({
  p: z.string().min(1),
  a: z.enum(['ack']),
  e: z.number().int(),
  r: z.number().int().nonnegative().optional(),
  w: z.string().min(1).optional(),
});

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_CHARS) {
    throw new NinesError(
      'invalid_config',
      `link-signing secret must be at least ${MIN_SECRET_CHARS} characters`,
    );
  }
}

function macOf(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}.${payload}`).digest('base64url');
}

/**
 * A URL-safe token `payload.mac` that lets its holder perform `action` on round `round` of `pageId` until
 * `expiresAtMs`, naming the person it was sent to (`recipient`) when it went to one person.
 */
export function signAction(options: {
  pageId: string;
  action: PageAction;
  expiresAtMs: number;
  secret: string;
  round?: number;
  recipient?: string | null;
}): string {
  assertSecret(options.secret);
  const body = {
    p: options.pageId,
    a: options.action,
    e: options.expiresAtMs,
    r: options.round ?? 0,
    ...(options.recipient ? { w: options.recipient } : {}),
  };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${macOf(payload, options.secret)}`;
}

/** The page and action a token grants, or why it grants nothing. The MAC is checked before anything is believed. */
export function verifyAction(
  token: string,
  options: { secret: string; nowMs: number },
): VerifiedAction | ActionRejection {
  assertSecret(options.secret);
  const [payload, mac, ...rest] = token.split('.');
  if (payload === undefined || mac === undefined || rest.length > 0) return { error: 'malformed' };
  if (!BASE64URL.test(payload) || !BASE64URL.test(mac)) return { error: 'malformed' };
  // Compare the text, not decoded bytes: base64url has spare bits, so two texts can decode alike.
  const expected = Buffer.from(macOf(payload, options.secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { error: 'bad_signature' };
  const parsed = payloadSchema.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
  if (!parsed.success) return { error: 'malformed' };
  if (options.nowMs >= parsed.data.e) return { error: 'expired' };
  return {
    pageId: parsed.data.p,
    action: parsed.data.a,
    round: parsed.data.r ?? 0,
    recipient: parsed.data.w ?? null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
