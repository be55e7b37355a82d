import pg from 'pg';
import { NinesError } from '../core/errors.ts';
import type { Db, Queryable } from './db.ts';

// int8 as JS number: our bigints are epoch milliseconds and counters, far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

function asQueryable(client: pg.PoolClient): Queryable {
  return {
    engine: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as T[];
    },
  };
}

/** A new connection that is not established within this long means the server is unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * How long a caller may wait for a pooled connection while all are busy. Waiting is not a failure: a
 * burst (a cold start's status page, many pushes at once) queues here; only a pool stuck this long is.
 */
const POOL_WAIT_MS = 60_000;

/** pg's pool uses one timeout for both; its clients get their own, shorter, connect timeout. */
class BoundedConnectClient extends pg.Client {
  constructor(config: pg.ClientConfig = {}) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

/** Connects a pool to a PostgreSQL server (`postgres://...`). */
export async function openPostgres(url: string, options: { maxConnections?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: POOL_WAIT_MS,
    Client: BoundedConnectClient,
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  /**
   * A checked-out client, listened to while it is out: the pool stops listening for its errors then, and
   * a connection dropped between two statements of a transaction would otherwise crash the process (the
   * next statement fails instead, and the client is released as broken). Any failure to get a connection
   * (refused, not accepting connections, timeout) means storage is unavailable.
   */
  const connect = async () => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new NinesError('unavailable', `storage unavailable: ${(error as Error).message}`);
    }
    const ignore = () => {};
    client.on('error', ignore);
    return {
      client,
      release(error?: Error) {
        client.off('error', ignore);
        client.release(error);
      },
    };
  };
  (await connect()).release();
  return {
    engine: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const { client, release } = await connect();
      try {
        const rows = await asQueryable(client).query<T>(sql, params);
        release();
        return rows;
      } catch (error) {
        // A client that failed may have a broken connection: drop it rather than reuse it.
        release(error as Error);
        throw error;
      }
    },
    async transaction(fn) {
      const { client, release } = await connect();
      try {
        await client.query('BEGIN');
        const value = await fn(asQueryable(client));
        await client.query('COMMIT');
        release();
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        release(error as Error);
        throw error;
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
