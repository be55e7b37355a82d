import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';

/**
 * Opens the embedded database in `dataDir` (a folder, created if missing), or in memory when
 * `dataDir` is undefined or `memory://`. Durability stays strict: relaxedDurability is never enabled.
 */
export async function openPglite(
  folder: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<Db & { dump(): Promise<Blob> }> {
  const dataDir = folder === 'memory://' ? undefined : folder;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // int8 as JS number: our bigints are epoch milliseconds and counters, far below 2^53.
  const pg = new PGlite(dataDir, {
    relaxedDurability: false,
    parsers: { 20: (v: string) => Number(v) },
    loadDataDir: options.loadDataDir,
  });
  await pg.waitReady;
  const asQueryable = (q: Pick<PGlite, 'query'>): Queryable => ({
    engine: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query<T>(sql, params);
      return result.rows;
    },
  });
  const root = asQueryable(pg);
  return {
    engine: 'pglite',
    query: root.query,
    transaction: (fn) => pg.transaction((tx) => fn(asQueryable(tx))),
    async exec(sql) {
      await pg.exec(sql);
    },
    close: () => pg.close(),
    /** The whole data directory as a tarball (tests start from a migrated copy instead of running initdb). */
    async dump() {
      return pg.dumpDataDir('none');
    },
  };
}
