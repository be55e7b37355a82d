import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** Whether `name` is on PATH. */
export function onPath(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Installs the Debian packages whose binaries are missing (the bench runs as root on a Debian host). */
export function ensureDebianTools(needs: Record<string, string>): void {
  const missing = Object.entries(needs)
    .filter(([binary]) => !onPath(binary))
    .map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  process.stdout.write(`installing ${missing.join(', ')} with apt-get\n`);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit' });
}

export interface WrkResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
}

const units: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Reads `wrk --latency` output: Requests/sec, the 99 % latency and any non-2xx/3xx count. */
export function parseWrk(output: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  if (!rps || !p99) throw new Error(`cannot read wrk output:\n${output}`);
  return {
    requestsPerSecond: Number(rps[1]),
    p99Ms: Number(p99[1]) * (units[p99[2] as string] ?? Number.NaN),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
  };
}

/** One wrk run against `url` with extra headers. */
export function runWrk(url: string, args: string[], headers: string[]): WrkResult {
  const output = execFileSync('wrk', [...args, ...headers.flatMap((h) => ['-H', h]), '--latency', url], {
    encoding: 'utf8',
  });
  return parseWrk(output);
}

/** `nproc`, CPU model and memory, for the record next to the figures. */
export function machineInfo(): { nproc: number; model: string; memoryGiB: number } {
  const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  return { nproc, model: cpus()[0]?.model ?? 'unknown', memoryGiB: totalmem() / 2 ** 30 };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** Resident memory of process `pid`, as `ps` shows it. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

/** CPU (user + system, all threads) process `pid` has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/PID/stat (utime, stime), after the parenthesised command name (which may
  // itself hold a parenthesis: the last one ends it).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
