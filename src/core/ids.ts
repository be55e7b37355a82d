import { createHash, randomBytes } from 'node:crypto';

/**
 * A random identifier of `bytes` random bytes, in lowercase hex: safe in URLs, paths and shells, and it
 * never starts with `-` (base64url ids did, and `nines silence expire -Ab…` then read as a flag).
 */
export function newId(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
