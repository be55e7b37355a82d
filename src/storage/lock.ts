import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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
  const giveUpAt = Date.now() + GIVE_UP_MS;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, text)) return heldLock(path, text, holder);
    const seen = readText(path);
    if (seen !== undefined) {
      const current = parseHolder(seen);
      if (current && isAlive(current, path)) throw heldBy(dataDir, path, current);
      // A dead holder's file (or a torn one from a crash): remove it and try again.
      if (removeStale(path, seen, text)) continue;
    }
    if (Date.now() >= giveUpAt) break;
    // Another starter is between removing a dead holder's file and taking the lock: a moment.
    pause(Math.min(2 ** attempt, 50));
  }
  throw new NinesError(
    'conflict',
    `could not take ${path}: it keeps reappearing; is another server starting?`,
  );
}

/** How long a start waits for other starters racing over a dead holder's file. */
const GIVE_UP_MS = 5_000;

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
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
 * Removes the stale file `seen`, and only it. Removing is the one step that can take a live lock from
 * someone (a starter that read the dead file, then lost the race to remove it, would otherwise remove the
 * winner's new file), so one starter at a time does it, holding `nines.lock.break`: under it, a file whose
 * text is still `seen` cannot change before the unlink, because files appear only by exclusive link and
 * go away only through here or their own holder. Answers false when another starter holds the breaker.
 */
function removeStale(path: string, seen: string, text: string): boolean {
  const breaker = `${path}.break`;
  if (!tryCreate(breaker, text)) {
    const other = readText(breaker);
    const otherHolder = other === undefined ? undefined : parseHolder(other);
    // A starter killed in the few microseconds it holds the breaker leaves it behind.
    if (other !== undefined && !(otherHolder && isAlive(otherHolder, breaker))) {
      unlinkIfStill(breaker, other);
    }
    return false;
  }
  try {
    unlinkIfStill(path, seen);
  } finally {
    unlinkSync(breaker);
  }
  return true;
}

function unlinkIfStill(path: string, seen: string): void {
  if (readText(path) !== seen) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
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
