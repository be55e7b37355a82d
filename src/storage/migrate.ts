import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Db, type Dialect, dialectOf, sqlFor } from './db.ts';

/** One migration set per dialect, the same versions and names in both (a test compares the schemas). */
const migrationsDir = (dialect: Dialect) =>
  fileURLToPath(new URL(`./migrations/${dialect}/`, import.meta.url));

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Migrations are append-only SQL files named `NNN_name.sql`, applied in order, each in its own transaction. */
export function listMigrations(dialect: Dialect = 'postgres', dir = migrationsDir(dialect)): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

/** Applies the migrations not yet applied; returns their versions. Safe with several nodes starting at once. */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(
    sqlFor(db, {
      postgres:
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      sqlite:
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)',
    }),
  );
  const applied: number[] = [];
  for (const migration of listMigrations(dialectOf(db.engine))) {
    const done = await db.transaction(async (tx) => {
      // One node migrates at a time; the others wait here and then find the work done.
      if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7265731)');
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** Splits a migration into statements on `;` at line ends; our migrations keep to that shape. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
}
