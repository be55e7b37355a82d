import type { Queryable } from '../storage/index.ts';
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

/** Postmortems matching every filter, newest first; jsonb containment works alike on PGlite and PostgreSQL. */
export async function searchPostmortems(db: Queryable, search: PostmortemSearch): Promise<PostmortemRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (search.service) add((n) => `services @> ${n}::jsonb`, JSON.stringify([search.service]));
  if (search.tag) add((n) => `tags @> ${n}::jsonb`, JSON.stringify([search.tag]));
  if (search.failureMode) add((n) => `failure_modes @> ${n}::jsonb`, JSON.stringify([search.failureMode]));
  if (search.status) add((n) => `status = ${n}`, search.status);
  if (search.q) add((n) => `(title ILIKE ${n} OR document::text ILIKE ${n})`, likePattern(search.q));
  params.push(search.limit);
  return db.query<PostmortemRow>(
    `SELECT * FROM postmortems ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_ms DESC, id DESC LIMIT $${params.length}`,
    params,
  );
}
