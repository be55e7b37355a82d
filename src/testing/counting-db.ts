import type { Db } from '../storage/index.ts';

/**
 * `db` counting every statement run through it (transactions included) into `counter.statements`, and
 * keeping their SQL in `counter.sql` when the test gives one.
 */
export function countingDb(db: Db, counter: { statements: number; sql?: string[] }): Db {
  const count = <T>(fn: () => T, sql?: string) => {
    counter.statements++;
    if (sql !== undefined) counter.sql?.push(sql);
    return fn();
  };
  return {
    get engine() {
      return db.engine;
    },
    query: (sql, params) => count(() => db.query(sql, params), sql),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ engine: tx.engine, query: (sql, params) => count(() => tx.query(sql, params), sql) }),
      ),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}
