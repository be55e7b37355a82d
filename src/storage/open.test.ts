import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { LOCK_FILE } from './lock.ts';
import { openStorage } from './open.ts';
import { SQLITE_FILE } from './sqlite.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'nines-open-'));

describe('openStorage without a database URL', () => {
  it('keeps one SQLite file in the data directory, and what is written there survives a reopen', async () => {
    const dir = join(freshDir(), 'data');
    const db = await openStorage({ dataDir: dir });
    expect(db.engine).toBe('sqlite');
    await db.query('INSERT INTO audit_log (at_ms, actor, action, target) VALUES ($1, $2, $3, $4)', [
      1,
      'test',
      'kept',
      'x',
    ]);
    await db.close();
    expect(existsSync(join(dir, SQLITE_FILE))).toBe(true);
    const again = await openStorage({ dataDir: dir });
    expect(await again.query('SELECT action FROM audit_log')).toEqual([{ action: 'kept' }]);
    await again.close();
  });

  it('keeps nothing on disk for memory://', async () => {
    const db = await openStorage({ dataDir: 'memory://' });
    expect(existsSync('memory:')).toBe(false);
    await db.close();
  });

  it('refuses a data directory written by an earlier version (PGlite) and says what to do', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'base'));
    writeFileSync(join(dir, 'PG_VERSION'), '17\n');
    const error = await openStorage({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NinesError);
    expect(error).toMatchObject({ code: 'invalid_config' });
    expect((error as Error).message).toMatch(/earlier Nines version \(PGlite\)/);
    expect((error as Error).message).toMatch(
      /Export what you need .* point NINES_DATA_DIR .* new, empty folder/,
    );
    expect(existsSync(join(dir, SQLITE_FILE))).toBe(false);
  });

  it('holds the data directory while open when exclusive, and frees it on close', async () => {
    const dir = freshDir();
    const server = await openStorage({ dataDir: dir, exclusive: true });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    await expect(openStorage({ dataDir: dir, exclusive: true })).rejects.toMatchObject({ code: 'conflict' });
    // A CLI command opens the same file beside the server.
    const cli = await openStorage({ dataDir: dir });
    await cli.close();
    await server.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
