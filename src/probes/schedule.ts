import { NinesError } from '../core/errors.ts';
import type { Probe } from '../specs/index.ts';

/**
 * A probe's fixed offset inside its interval, derived from its name (FNV-1a), so probes sharing an
 * interval spread over it instead of firing together. Pure: the same name and interval give the same offset.
 */
export function probePhaseMs(name: string, intervalMs: number): number {
  return hashName(name) % intervalMs;
}

/**
 * When a probe should next start. Runs sit on the probe's own grid (`phase + k * interval`): the first
 * at the next grid point, later ones about one interval after the last start. Missed runs are skipped,
 * never replayed in a burst, so the answer is never before `nowMs`.
 */
export function nextRunAt(
  probe: Pick<Probe, 'name' | 'intervalMs'>,
  lastStartedAtMs: number | undefined,
  nowMs: number,
): number {
  const { intervalMs } = probe;
  if (!(intervalMs > 0))
    throw new NinesError('invalid_config', `probe ${probe.name}: intervalMs must be > 0`);
  const phaseMs = probePhaseMs(probe.name, intervalMs);
  const slotAtOrAfter = (ms: number) => ms + modulo(phaseMs - ms, intervalMs);
  if (lastStartedAtMs === undefined) return slotAtOrAfter(nowMs);
  // Half an interval keeps an off-grid run (a manual "run now") from being followed by one moments later.
  const next = slotAtOrAfter(lastStartedAtMs + Math.ceil(intervalMs / 2));
  return next >= nowMs ? next : slotAtOrAfter(nowMs);
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

/** 32-bit FNV-1a over the name's UTF-8 bytes. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash >>> 0;
}
