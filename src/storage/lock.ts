import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { NinesError } from '../core/errors.ts';

/** The lock file inside `NINES_DATA_DIR` while a server holds it. */
export const LOCK_FILE = 'nines.lock';

/** Lock files this process holds: its own pid in a file it does not hold is a previous life's. */
const heldHere = new Set<string>();

/** Who holds a data directory. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
  /** Linux boot id: a pid from an earlier boot names nobody. */
  bootId?: string;
}

export interface DataDirLock {
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void;
}

/**
 * Takes `dataDir` for this process: one server per data directory. The lock file appears complete or not
 * at all (written aside, then hard-linked into place, which fails if it exists). A holder that died
 * (kill -9, crash, reboot) leaves its file behind; that file names a pid that is no longer alive on this
 * host, so the next start removes it and proceeds. A holder on another host cannot be checked: refused.
 */
export function lockDataDir(dataDir: string, now: () => Date = () => new Date()): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: now().toISOString(),
    bootId: bootId(),
  };
  const text = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, text)) return heldLock(path, text, holder);
    const seen = readText(path);
    if (seen === undefined) continue;
    const current = parseHolder(seen);
    if (current && isAlive(current, path)) throw heldBy(dataDir, path, current);
    // A dead holder's file (or a torn one from a crash): remove it and try again.
    removeStale(path, seen);
  }
  throw new NinesError(
    'conflict',
    `could not take ${path}: it keeps reappearing; is another server starting?`,
  );
}

/**
 * The live server holding `dataDir`, if any (another host's holder counts as live): CLI commands use it
 * to talk to the server rather than beside it. Never takes or removes anything.
 */
export function dataDirHolder(dataDir: string): LockHolder | undefined {
  const path = join(dataDir, LOCK_FILE);
  let seen: string | undefined;
  try {
    seen = readText(path);
  } catch {
    return undefined;
  }
  const holder = seen === undefined ? undefined : parseHolder(seen);
  return holder && isAlive(holder, path) ? holder : undefined;
}

function tryCreate(path: string, text: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, text, { flag: 'wx' });
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

function heldLock(path: string, text: string, holder: LockHolder): DataDirLock {
  let released = false;
  heldHere.add(path);
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(path);
    process.off('exit', release);
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  // A normal exit that skipped close() still frees the directory; kill -9 is covered by the pid check.
  process.on('exit', release);
  return { holder, release };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(text) as LockHolder;
    return Number.isInteger(parsed.pid) && typeof parsed.host === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder may still be running. Another host's holder is assumed alive. */
function isAlive(holder: LockHolder, path: string): boolean {
  if (holder.host !== hostname()) return true;
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return false;
  // Our own pid: held by this process, or left by a previous life of it (a restarted container's pid 1).
  if (holder.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the stale file `seen`, and only it: moved aside first (atomic), then deleted if it is what was
 * judged stale, or put back if a starting server replaced it in between.
 */
function removeStale(path: string, seen: string): void {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readText(aside) !== seen) {
    try {
      linkSync(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  unlinkSync(aside);
}

function heldBy(dataDir: string, path: string, holder: LockHolder): NinesError {
  const hint =
    holder.host === hostname()
      ? 'stop it first, or give this server another --data-dir / NINES_DATA_DIR'
      : `if no server runs there any more, delete ${path}`;
  return new NinesError(
    'conflict',
    `data directory ${dataDir} is in use by another Nines server: pid ${holder.pid} on host ${holder.host}, started ${holder.startedAt}; ${hint}`,
  );
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}
