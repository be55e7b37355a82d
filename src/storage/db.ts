/**
 * The storage seam: raw SQL over SQLite (embedded) or PostgreSQL. Statements are written for
 * PostgreSQL; SQLite gets them through a thin dialect table (`sqlite-dialect.ts`, ADR 0004), and what
 * differs beyond it is written once per dialect with `sqlFor` in the owning store.
 */
export interface Queryable {
  /** The engine this runs on (a transaction's is its database's). */
  readonly engine: Engine;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export type Engine = 'sqlite' | 'postgres';

/** The SQL dialect an engine speaks (one per engine today; kept apart so a third engine could share one). */
export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(engine: Engine): Dialect {
  return engine;
}

/** One statement written once per dialect, picked for the engine at hand. */
export function sqlFor(db: { readonly engine: Engine }, sql: Record<Dialect, string>): string {
  return sql[dialectOf(db.engine)];
}

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
