import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db, Queryable } from './db.ts';
import { translateToSqlite } from './sqlite-dialect.ts';

/** The database file inside `NINES_DATA_DIR`. */
export const SQLITE_FILE = 'nines.sqlite';

/**
 * The page cache of the one connection, in KiB: SQLite's own default. better-sqlite3 builds SQLite with
 * 16 MB, which a server fills once its history outgrows it (a 24-hour backfill of 1,000 SLOs) and keeps
 * for good. Nines reads history once at start and writes appends, so a small cache costs no throughput
 * (alert intake and remote-write receive measured the same) and 15 MB less stays resident.
 */
export const SQLITE_CACHE_KIB = 2000;

/**
 * Opens the embedded SQLite database in `folder` (created if missing), or in memory for `memory://` or
 * undefined. WAL with `synchronous=FULL`: a commit is on disk when it returns. One connection; statements
 * and transactions run one at a time (a transaction holds the connection across its awaits).
 */
export function openSqlite(folder: string | undefined): Db {
  const inMemory = folder === undefined || folder === 'memory://';
  if (!inMemory) mkdirSync(folder, { recursive: true });
  const sqlite = new Database(inMemory ? ':memory:' : join(folder, SQLITE_FILE));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  const run = runner(sqlite);
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `task` after everything queued before it: the one connection serves one caller at a time. */
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => {});
    return next;
  };
  const direct: Queryable = { engine: 'sqlite', query: async (sql, params) => run(sql, params) };
  return {
    engine: 'sqlite',
    query: (sql, params) => exclusive(async () => run(sql, params)),
    transaction: (fn) =>
      exclusive(async () => {
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const value = await fn(direct);
          sqlite.exec('COMMIT');
          return value;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        }
      }),
    exec: (sql) =>
      exclusive(async () => {
        sqlite.exec(sql);
      }),
    close: () =>
      exclusive(async () => {
        sqlite.close();
      }),
  };
}

type Row = Record<string, unknown>;

interface Prepared {
  statement: Database.Statement;
  order: number[];
  decode: Decoder;
}

/** Prepares (and caches) a translated statement, binds its parameters and decodes its rows. */
function runner(sqlite: Database.Database) {
  const statements = new Map<string, Prepared>();
  return <T>(sql: string, params: unknown[] = []): T[] => {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = prepare(sqlite, sql);
      statements.set(sql, prepared);
    }
    // No closure in this scope: V8 would keep `params` in a context that a cached closure points to, and
    // the first call's parameters (a backfill's whole batch of buckets) would stay in memory for good.
    const values: unknown[] = [];
    for (const index of prepared.order) values.push(toSqliteValue(params[index - 1]));
    if (!prepared.statement.reader) {
      prepared.statement.run(...values);
      return [];
    }
    const rows = prepared.statement.all(...values) as Row[];
    for (let i = 0; i < rows.length; i++) rows[i] = prepared.decode(rows[i] as Row);
    return rows as T[];
  };
}

function prepare(sqlite: Database.Database, sql: string): Prepared {
  const { text, order } = translateToSqlite(sql);
  const statement = sqlite.prepare(text);
  return { statement, order, decode: statement.reader ? decoderFor(statement) : asIs };
}

const asIs = (row: Row): Row => row;

type Decoder = (row: Row) => Row;

/**
 * Columns declared `JSON` come back parsed and `BOOLEAN` ones as booleans, as PostgreSQL's driver gives
 * them; the declared type of a table column says which (expressions have none and stay as they are).
 */
function decoderFor(statement: Database.Statement): Decoder {
  const kinds = statement.columns().map((column) => ({
    name: column.name,
    type: column.type?.toUpperCase() ?? '',
  }));
  const json = kinds.filter((c) => c.type === 'JSON').map((c) => c.name);
  const booleans = kinds.filter((c) => c.type === 'BOOLEAN').map((c) => c.name);
  if (json.length === 0 && booleans.length === 0) return asIs;
  return (row) => {
    for (const name of json) {
      const value = row[name];
      if (typeof value === 'string') row[name] = JSON.parse(value);
    }
    for (const name of booleans) {
      const value = row[name];
      if (typeof value === 'number' || typeof value === 'bigint') row[name] = Number(value) !== 0;
    }
    return row;
  };
}

/** A JS value as SQLite stores it: booleans as 0/1, objects and arrays as JSON text, undefined as NULL. */
function toSqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}
