import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from './lock.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'nines-lock-'));
const START = new Date('2026-12-06T05:00:00.000Z');

/** A pid that was alive a moment ago and is not any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

function writeHolder(dir: string, holder: Record<string, unknown>): void {
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder));
}

describe('lockDataDir', () => {
  it('writes the holder into the data directory and removes it on release', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir, () => START);
    const written = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(written).toMatchObject({ pid: process.pid, host: hostname(), startedAt: START.toISOString() });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses a second holder while the first holds it, naming pid, host and start time', () => {
    const dir = freshDir();
    const first = lockDataDir(dir, () => START);
    expect(() => lockDataDir(dir)).toThrow(
      `in use by another Nines server: pid ${process.pid} on host ${hostname()}, started ${START.toISOString()}`,
    );
    first.release();
  });

  it('takes over the file of a holder that died without releasing it', () => {
    const dir = freshDir();
    writeHolder(dir, { pid: deadPid(), host: hostname(), startedAt: START.toISOString() });
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a file naming its own pid that it does not hold (a restarted container)', () => {
    const dir = freshDir();
    writeHolder(dir, { pid: process.pid, host: hostname(), startedAt: START.toISOString() });
    lockDataDir(dir).release();
  });

  it('takes over a file from an earlier boot even when its pid is alive now', () => {
    const dir = freshDir();
    writeHolder(dir, { pid: 1, host: hostname(), startedAt: START.toISOString(), bootId: 'an-earlier-boot' });
    if (existsSync('/proc/sys/kernel/random/boot_id')) lockDataDir(dir).release();
  });

  it('takes over a dead holder’s file even when a starter killed while removing it left its breaker', () => {
    const dir = freshDir();
    const dead = { pid: deadPid(), host: hostname(), startedAt: START.toISOString() };
    writeHolder(dir, dead);
    writeFileSync(join(dir, `${LOCK_FILE}.break`), JSON.stringify(dead));
    const lock = lockDataDir(dir, () => START);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(existsSync(join(dir, `${LOCK_FILE}.break`))).toBe(false);
    lock.release();
  });

  it('takes over a torn file', () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    lockDataDir(dir).release();
  });

  it('refuses a holder on another host, which it cannot check, and says how to free it', () => {
    const dir = freshDir();
    writeHolder(dir, { pid: 4242, host: 'elsewhere', startedAt: START.toISOString() });
    expect(() => lockDataDir(dir)).toThrow(
      /pid 4242 on host elsewhere, .*if no server runs there any more, delete/,
    );
  });
});
