import { describe, expect, it } from 'vitest';
import { nextRunAt, probePhaseMs } from './schedule.ts';

// FNV-1a("a") = 0xe40c292c = 3_826_002_220; 3_826_002_220 mod 60_000 = 42_220.
const probe = { name: 'a', intervalMs: 60_000 };

describe('probePhaseMs', () => {
  it('is the FNV-1a hash of the name modulo the interval', () => {
    expect(probePhaseMs('a', 60_000)).toBe(42_220);
    // 3_826_002_220 = 546_571 * 7_000 + 5_220
    expect(probePhaseMs('a', 7_000)).toBe(5_220);
    // FNV-1a("") is the offset basis 0x811c9dc5 = 2_166_136_261; mod 60_000 = 16_261
    expect(probePhaseMs('', 60_000)).toBe(16_261);
  });

  it('spreads 100 probes with the same interval across it', () => {
    const phases = Array.from({ length: 100 }, (_, i) => probePhaseMs(`probe-${i}`, 60_000));
    const busiestTenSeconds = Math.max(
      ...[0, 1, 2, 3, 4, 5].map((slot) => phases.filter((ms) => Math.floor(ms / 10_000) === slot).length),
    );
    expect(new Set(phases).size).toBe(100);
    expect(busiestTenSeconds).toBeLessThanOrEqual(25);
  });
});

describe('nextRunAt', () => {
  it('starts a new probe at the next point of its grid (42_220 + k * 60_000)', () => {
    // 1_000_000 - 42_220 = 957_780 -> k = 16 -> 42_220 + 960_000
    expect(nextRunAt(probe, undefined, 1_000_000)).toBe(1_002_220);
    expect(nextRunAt(probe, undefined, 1_002_220)).toBe(1_002_220);
  });

  it('runs one interval after a start on the grid', () => {
    expect(nextRunAt(probe, 1_002_220, 1_002_500)).toBe(1_062_220);
  });

  it('returns to the grid after an off-grid start without running again moments later', () => {
    // A manual run 27.78 s after a grid point: the next grid point is 32.22 s away, too soon.
    expect(nextRunAt(probe, 1_030_000, 1_030_000)).toBe(1_062_220);
    // A manual run 2 s before a grid point: skip that point.
    expect(nextRunAt(probe, 1_060_220, 1_060_220)).toBe(1_122_220);
  });

  it('skips runs missed while the process was down instead of replaying them', () => {
    // 2_000_000 - 42_220 = 1_957_780 -> k = 33 -> 42_220 + 1_980_000
    expect(nextRunAt(probe, 1_002_220, 2_000_000)).toBe(2_022_220);
  });

  it('rejects a non-positive interval', () => {
    expect(() => nextRunAt({ name: 'a', intervalMs: 0 }, undefined, 0)).toThrow('intervalMs must be > 0');
  });
});
