import pg from 'pg';
import type { Db, Queryable } from './db.ts';

// int8 as JS number: our bigints are epoch milliseconds and counters, far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Connects a pool to a PostgreSQL server (`postgres://...`). */
export async function openPostgres(url: string, options: { maxConnections?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const client = await pool.connect();
  client.release();
  return {
    engine: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async transaction(fn) {
      const conn = await pool.connect();
      const tx: Queryable = {
        async query<T>(sql: string, params?: unknown[]) {
          const result = await conn.query(sql, params as unknown[]);
          return result.rows as T[];
        },
      };
      try {
        await conn.query('BEGIN');
        const value = await fn(tx);
        await conn.query('COMMIT');
        return value;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
