import type { Db } from '../storage/index.ts';

/** `db` counting every statement run through it (transactions included) into `counter.statements`. */
export function countingDb(db: Db, counter: { statements: number }): Db {
  const count = <T>(fn: () => T) => {
    counter.statements++;
    return fn();
  };
  return {
    get engine() {
      return db.engine;
    },
    query: (sql, params) => count(() => db.query(sql, params)),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ engine: tx.engine, query: (sql, params) => count(() => tx.query(sql, params)) }),
      ),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}
