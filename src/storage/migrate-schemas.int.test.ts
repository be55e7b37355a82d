import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  componentsRequired,
  createTestDatabase,
  openTestSqlite,
  postgresReachable,
} from '../testing/test-engines.ts';
import type { Db } from './db.ts';
import { openStorage } from './open.ts';

// Both dialects' migrations must build the same schema: tables, columns, nullability, primary keys.
// Types differ by design; each PostgreSQL type has one SQLite declaration (ADR 0004).

/** The documented type mapping, PostgreSQL (information_schema) -> SQLite (declared type). */
const SQLITE_TYPE_OF: Record<string, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'INTEGER',
  'double precision': 'REAL',
  boolean: 'BOOLEAN',
  jsonb: 'JSON',
  'text[]': 'JSON',
  'timestamp with time zone': 'TEXT',
};

interface Column {
  table: string;
  column: string;
  type: string;
  notNull: boolean;
  primaryKey: boolean;
}

async function sqliteSchema(db: Db): Promise<Column[]> {
  const rows = await db.query<{ tbl: string; name: string; type: string; notnull: number; pk: number }>(
    `SELECT m.name AS tbl, c.name, c.type, c."notnull", c.pk
       FROM sqlite_master m, pragma_table_info(m.name) c
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
  );
  return rows.map((r) => ({
    table: r.tbl,
    column: r.name,
    type: r.type.toUpperCase(),
    // A primary key column is never NULL on PostgreSQL; SQLite reports only what was declared.
    notNull: r.notnull === 1 || r.pk > 0,
    primaryKey: r.pk > 0,
  }));
}

async function postgresSchema(db: Db): Promise<Column[]> {
  const rows = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: string;
    primary_key: boolean;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable,
            EXISTS (
              SELECT 1 FROM information_schema.table_constraints t
                JOIN information_schema.key_column_usage k
                  ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema
               WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema
                 AND t.table_name = c.table_name AND k.column_name = c.column_name
            ) AS primary_key
       FROM information_schema.columns c
      WHERE c.table_schema = 'public'`,
  );
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    type: r.data_type === 'ARRAY' ? `${r.udt_name.slice(1)}[]` : r.data_type,
    notNull: r.is_nullable === 'NO',
    primaryKey: r.primary_key,
  }));
}

const key = (c: Column) => `${c.table}.${c.column}`;
const withoutType = (columns: Column[]) =>
  columns
    .map(({ type: _, ...rest }) => rest)
    .sort((a, b) => key(a as Column).localeCompare(key(b as Column)));

describe('migrations of both dialects', async () => {
  const postgresAvailable = componentsRequired() || (await postgresReachable());
  let sqlite: Column[];
  let postgres: Column[];
  const cleanup: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const lite = await openTestSqlite();
    cleanup.push(() => lite.close());
    sqlite = await sqliteSchema(lite);
    if (!postgresAvailable) return;
    const database = await createTestDatabase();
    const pg = await openStorage({ databaseUrl: database.url });
    cleanup.push(async () => {
      await pg.close();
      await database.drop();
    });
    postgres = await postgresSchema(pg);
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it.skipIf(!postgresAvailable)('have the same tables, columns, nullability and primary keys', () => {
    expect(sqlite.length).toBeGreaterThan(50);
    expect(withoutType(sqlite)).toEqual(withoutType(postgres));
  });

  it.skipIf(!postgresAvailable)('declare each PostgreSQL type as its documented SQLite type', () => {
    const declared = new Map(sqlite.map((c) => [key(c), c.type]));
    const mismatches = postgres
      .map((c) => ({ column: key(c), postgres: c.type, sqlite: declared.get(key(c)) }))
      .filter((c) => SQLITE_TYPE_OF[c.postgres] !== c.sqlite);
    expect(mismatches).toEqual([]);
  });
});
