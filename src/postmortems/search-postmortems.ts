import { type Queryable, sqlFor } from '../storage/index.ts';
import type { PostmortemRow, PostmortemStatus } from './postmortem-row.ts';

/** Filters of GET /postmortems; each given one must hold. */
export interface PostmortemSearch {
  service?: string;
  tag?: string;
  failureMode?: string;
  /** Case-insensitive text in the title or anywhere in the document. */
  q?: string;
  status?: PostmortemStatus;
  limit: number;
}

/** `%` and `_` in the user's text are literal, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The condition "the JSON array `column` holds the value of `n`". */
function holds(db: Queryable, column: string, n: string): string {
  return sqlFor(db, {
    postgres: `${column} @> jsonb_build_array(${n}::text)`,
    sqlite: `EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = ${n})`,
  });
}

/** Postmortems matching every filter, newest first. */
export async function searchPostmortems(db: Queryable, search: PostmortemSearch): Promise<PostmortemRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (search.service) add((n) => holds(db, 'services', n), search.service);
  if (search.tag) add((n) => holds(db, 'tags', n), search.tag);
  if (search.failureMode) add((n) => holds(db, 'failure_modes', n), search.failureMode);
  if (search.status) add((n) => `status = ${n}`, search.status);
  if (search.q)
    add(
      (n) => `(title ILIKE ${n} ESCAPE '\\' OR document::text ILIKE ${n} ESCAPE '\\')`,
      likePattern(search.q),
    );
  params.push(search.limit);
  return db.query<PostmortemRow>(
    `SELECT * FROM postmortems ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_ms DESC, id DESC LIMIT $${params.length}`,
    params,
  );
}
