import { createHash, randomBytes } from 'node:crypto';

/** Random bytes drawn in blocks: one system call per ~340 request ids rather than one each. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * A random identifier of `bytes` random bytes, in lowercase hex: safe in URLs, paths and shells, and it
 * never starts with `-` (base64url ids did, and `nines silence expire -Ab…` then read as a flag).
 */
export function newId(bytes = 12): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('hex');
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const id = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return id;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
