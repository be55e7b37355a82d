import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../storage/db.ts';
import { migrate } from '../storage/migrate.ts';
import { openStorage } from '../storage/open.ts';
import { openSqlite } from '../storage/sqlite.ts';

/** Where the test PostgreSQL lives (trust auth); override with NINES_TEST_PG_URL. */
const adminUrl = process.env.NINES_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** Opens a fresh, migrated, empty database; `dispose` closes it and drops what it created. */
  open(): Promise<{ db: Db; url?: string; dispose(): Promise<void> }>;
}

/** Components are required (fail instead of skip) in CI or when asked to. */
export function componentsRequired(): boolean {
  return Boolean(process.env.CI || process.env.NINES_REQUIRE_COMPONENTS);
}

/** A fresh PostgreSQL database on the local server, dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `nines_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Whether the test PostgreSQL answers. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** A fresh, migrated in-memory SQLite for a test (milliseconds to open). */
export async function openTestSqlite(): Promise<Db> {
  const db = openSqlite(undefined);
  await migrate(db);
  return db;
}

type EngineName = TestEngine['name'];

/** The engines tests run on unless `NINES_TEST_ENGINES` says otherwise: every supported one. */
const DEFAULT_TEST_ENGINES = 'sqlite,postgres';

/** Which engines tests run on: `NINES_TEST_ENGINES` (comma-separated, `sqlite` and/or `postgres`). */
function selectedEngines(): EngineName[] {
  const names = (process.env.NINES_TEST_ENGINES || DEFAULT_TEST_ENGINES).split(',').map((n) => n.trim());
  for (const name of names) {
    if (!['sqlite', 'postgres'].includes(name)) throw new Error(`NINES_TEST_ENGINES: unknown engine ${name}`);
  }
  return names as EngineName[];
}

/** A fresh, migrated embedded database for tests that need one database, whatever the engines selected. */
export async function openTestDb(): Promise<Db> {
  return openTestSqlite();
}

/**
 * The engines every storage test runs against. PostgreSQL is included when reachable, and always in CI
 * (where an unreachable server then fails the tests instead of skipping them).
 */
export async function testEngines(): Promise<TestEngine[]> {
  const selected = selectedEngines();
  const engines: TestEngine[] = [];
  if (selected.includes('sqlite')) {
    engines.push({
      name: 'sqlite',
      async open() {
        const db = await openTestSqlite();
        return { db, dispose: () => db.close() };
      },
    });
  }
  if (!selected.includes('postgres')) return engines;
  if (componentsRequired() || (await postgresReachable())) {
    engines.push({
      name: 'postgres',
      async open() {
        const database = await createTestDatabase();
        const db = await openStorage({ databaseUrl: database.url });
        return {
          db,
          url: database.url,
          async dispose() {
            await db.close();
            await database.drop();
          },
        };
      },
    });
  } else {
    console.warn(
      'PostgreSQL at 127.0.0.1:5432 is not reachable: storage tests run on the embedded engine only',
    );
  }
  return engines;
}
