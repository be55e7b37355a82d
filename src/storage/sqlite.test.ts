import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../core/collect-garbage.ts';
import { openStorage } from './open.ts';
import { openSqlite } from './sqlite.ts';

describe('the SQLite statement cache', () => {
  it('keeps no statement’s parameters once the call returns (a backfill’s first batch stayed in memory)', async () => {
    const db = await openStorage({ dataDir: 'memory://' });
    let rows: unknown[][] | undefined = Array.from({ length: 10_000 }, (_, i) => [
      `slo-${i % 7}`,
      i * 60_000,
      1,
      1,
    ]);
    const held = new WeakRef(rows);
    await db.query(
      `INSERT INTO sli_buckets (slo, start_ms, good, total)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each($1) WHERE true`,
      [rows],
    );
    rows = undefined;
    // A WeakRef's target lives to the end of the current job: collect after it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(held.deref()).toBeUndefined();
    expect(await db.query('SELECT count(*) AS n FROM sli_buckets')).toEqual([{ n: 10_000 }]);
    await db.close();
  });
});

describe('the SQLite connection', () => {
  it('keeps a page cache of 2,000 KiB, not the 16 MB better-sqlite3 builds SQLite with', async () => {
    const db = openSqlite(undefined);
    // A negative cache_size is a size in KiB; a positive one would be a count of pages.
    expect(await db.query('PRAGMA cache_size')).toEqual([{ cache_size: -2000 }]);
    await db.close();
  });
});
