import { describe, expect, it } from 'vitest';
import { translateToSqlite } from './sqlite-dialect.ts';

describe('translateToSqlite', () => {
  it('binds $n parameters by position, a repeated one each time it appears', () => {
    expect(translateToSqlite('SELECT * FROM t WHERE a = $2 AND ($1::text IS NULL OR b = $1)')).toEqual({
      text: 'SELECT * FROM t WHERE a = ? AND (? IS NULL OR b = ?)',
      order: [2, 1, 1],
    });
  });

  it('drops casts, row locks and ILIKE, which SQLite reads differently', () => {
    const { text } = translateToSqlite(
      'SELECT id FROM pages WHERE next_action_ms <= $1::bigint AND summary ILIKE $2 AND x = $3::float8[] ORDER BY id FOR UPDATE SKIP LOCKED',
    );
    expect(text).toBe(
      'SELECT id FROM pages WHERE next_action_ms <= ? AND summary LIKE ? AND x = ? ORDER BY id',
    );
  });

  it('leaves JSON paths and text that only look like parameters alone', () => {
    expect(translateToSqlite("SELECT json_extract(value, '$[0]') FROM json_each($1)").text).toBe(
      "SELECT json_extract(value, '$[0]') FROM json_each(?)",
    );
  });
});
