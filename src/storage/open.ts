import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NinesError } from '../core/errors.ts';
import type { Db } from './db.ts';
import { type DataDirLock, lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';

export interface StorageOptions {
  /** PostgreSQL URL; when absent the embedded engine is used. */
  databaseUrl?: string;
  /** Folder of the embedded database; in memory when absent or `memory://`. */
  dataDir?: string;
  /**
   * Hold the data directory for this process until `close()` (the server does; CLI commands that write
   * open the file beside it). Refused while another live process holds it.
   */
  exclusive?: boolean;
}

/** Opens the configured engine and brings its schema up to date. */
export async function openStorage(options: StorageOptions): Promise<Db> {
  if (options.databaseUrl) return migrated(await openPostgres(options.databaseUrl));
  const dataDir = options.dataDir === 'memory://' ? undefined : options.dataDir;
  if (dataDir) refuseEarlierEngine(dataDir);
  const lock = dataDir && options.exclusive ? lockDataDir(dataDir) : undefined;
  try {
    return releasingOnClose(await migrated(openSqlite(dataDir)), lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function migrated(db: Db): Promise<Db> {
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

function releasingOnClose(db: Db, lock: DataDirLock | undefined): Db {
  if (!lock) return db;
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * Earlier versions kept a PGlite (PostgreSQL) cluster in the data directory; its `PG_VERSION` file
 * says so. Nothing converts it: starting over it would hide the old data behind an empty database.
 */
function refuseEarlierEngine(dataDir: string): void {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) return;
  throw new NinesError(
    'invalid_config',
    `NINES_DATA_DIR ${dataDir} holds a database of an earlier Nines version (PGlite), which this version ` +
      'cannot read. Export what you need with the earlier version (its API or CLI), then point ' +
      'NINES_DATA_DIR (or --data-dir) at a new, empty folder; the configuration itself lives in YAML and is not affected.',
  );
}
