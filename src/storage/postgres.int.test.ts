import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { componentsRequired, createTestDatabase, postgresReachable } from '../testing/test-engines.ts';
import { openPostgres } from './postgres.ts';

// Found by CI: PostgreSQL dropping a connection while a transaction held it between two statements
// emitted 'error' on a client nobody listened to, and the whole server died.

const available = componentsRequired() || (await postgresReachable());
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe.skipIf(!available)('PostgreSQL storage', () => {
  it('survives a connection killed mid-transaction: the transaction fails, the next query works', async () => {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    const db = await openPostgres(database.url, { maxConnections: 2 });
    cleanups.push(() => db.close());
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    cleanups.push(() => admin.end());

    const killed = db.transaction(async (tx) => {
      const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
      // Until the backend is gone: each round trip lets the event loop read the termination notice, which
      // reaches the idle client (between statements) as an 'error' event before the next statement fails.
      for (let i = 0; i < 100; i++) {
        const alive = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [row?.pid]);
        if (alive.rowCount === 0) break;
      }
      await tx.query('SELECT 1');
    });
    await expect(killed).rejects.toThrow();
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
