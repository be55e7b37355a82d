import { randomBytes } from 'node:crypto';
import type { Db } from '../storage/index.ts';

/** The installation's link-signing key: generated once, stored, shared by every node on the same database. */
export async function linkSigningSecret(db: Db): Promise<string> {
  await db.query(
    "INSERT INTO server_secrets (name, value) VALUES ('link-signing', $1) ON CONFLICT (name) DO NOTHING",
    [randomBytes(32).toString('base64url')],
  );
  const [row] = await db.query<{ value: string }>(
    "SELECT value FROM server_secrets WHERE name = 'link-signing'",
  );
  if (!row) throw new Error('link-signing secret missing after insert');
  return row.value;
}
