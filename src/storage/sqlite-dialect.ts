/**
 * The thin dialect table (ADR 0004): our SQL is written for PostgreSQL with `$n` parameters; what SQLite
 * reads differently is rewritten here, and nothing else. Anything not on this list is written per
 * dialect in the store that owns the table (`sqlFor`).
 */
const rewrites: ReadonlyArray<readonly [RegExp, string]> = [
  // Casts: SQLite's columns carry affinity instead (`$1::text`, `labels::jsonb`, `$2::bigint[]`).
  [
    /::(?:text|integer|int8|int4|int|bigint|smallint|float8|float|double precision|real|numeric|boolean|jsonb|json)(?:\[\])?/g,
    '',
  ],
  // Row locks: a SQLite transaction is the single writer already (BEGIN IMMEDIATE).
  [/\s+FOR UPDATE(?:\s+OF\s+\w+)?(?:\s+SKIP LOCKED)?/g, ''],
  // SQLite's LIKE is case-insensitive for ASCII, as ILIKE is.
  [/\bILIKE\b/g, 'LIKE'],
];

/**
 * Rewrites a PostgreSQL statement for SQLite: `$n` parameters become `?` (with `order` saying which
 * parameter each `?` takes, since `$1` may appear twice), then the dialect table applies.
 */
export function translateToSqlite(sql: string): { text: string; order: number[] } {
  const order: number[] = [];
  let text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n));
    return '?';
  });
  for (const [pattern, replacement] of rewrites) text = text.replace(pattern, replacement);
  return { text, order };
}
