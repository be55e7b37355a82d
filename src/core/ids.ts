import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe identifier. */
export function newId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
