import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../core/duration.ts';
import {
  type FlapDecision,
  type FlapState,
  flapQuietAtMs,
  initialFlapState,
  isFlapping,
  shouldNotify,
} from './flapping.ts';

const min = (minutes: number) => minutes * MINUTE_MS;

describe('isFlapping', () => {
  const nowMs = min(60);

  it('flags more than maxChanges changes inside the window', () => {
    const seven = [1, 5, 10, 20, 30, 40, 50].map(min);
    expect(isFlapping(seven, nowMs)).toBe(true);
    expect(isFlapping(seven.slice(1), nowMs)).toBe(false);
  });

  it('counts the window from its start (excluded) to now (included)', () => {
    const atStart = [0, 5, 10, 20, 30, 40, 60].map(min);
    expect(isFlapping(atStart, nowMs)).toBe(false);
    expect(isFlapping(atStart, nowMs, { windowMs: min(61) })).toBe(true);
    expect(isFlapping([1, 2, 3].map(min), nowMs, { maxChanges: 2 })).toBe(true);
  });
});

/** Feeds changes one by one, alternating from firing, and keeps each decision. */
function replay(minutes: number[], start: FlapState = initialFlapState()): FlapDecision[] {
  let state = start;
  return minutes.map((minute, index) => {
    const decision = shouldNotify({
      state,
      change: { atMs: min(minute), status: index % 2 === 0 ? 'firing' : 'resolved' },
    });
    state = decision.state;
    return decision;
  });
}

describe('shouldNotify', () => {
  it('notifies every fire and closes the page on every resolve of a steady alert', () => {
    const decisions = replay([0, 30, 120, 150]);
    expect(decisions.map((d) => [d.notify, d.resolvePage, d.flapping])).toEqual([
      [true, false, false],
      [false, true, false],
      [true, false, false],
      [false, true, false],
    ]);
  });

  it('holds the page open and stays quiet once an alert flaps, until it is quiet for a window', () => {
    // Fires at 0, 10, 20, 30, 40, 80; resolves at 5, 15, 25, 35, 60, 140.
    const decisions = replay([0, 5, 10, 15, 20, 25, 30, 35, 40, 60, 80, 140]);
    const summary = decisions.map(
      (d) => `${d.flapping ? 'flap' : 'ok'}:${d.notify ? 'N' : '-'}${d.resolvePage ? 'R' : '-'}`,
    );
    expect(summary).toEqual([
      'ok:N-',
      'ok:-R',
      'ok:N-',
      'ok:-R',
      'ok:N-',
      'ok:-R',
      // The 7th change in an hour: the fire reopens the page once, marked flapping.
      'flap:N-',
      'flap:--',
      'flap:--',
      'flap:--',
      // Only 6 changes in (20, 80], but no quiet hour yet: still flapping.
      'flap:--',
      // 60 minutes without a change: the flap is over and the resolve closes the page.
      'ok:-R',
    ]);
    expect(decisions[6]?.state.flappingSinceMs).toBe(min(30));
  });

  it('says when a flapping alert’s held page may close', () => {
    const decisions = replay([0, 5, 10, 15, 20, 25, 30, 35]);
    const last = decisions.at(-1)?.state as FlapState;
    expect(flapQuietAtMs(last)).toBe(min(95));
    expect(flapQuietAtMs(initialFlapState())).toBeNull();
    expect(flapQuietAtMs(replay([0, 5])[1]?.state as FlapState)).toBeNull();
  });

  it('keeps only what one window needs', () => {
    const decisions = replay([0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
    expect(decisions.at(-1)?.state.changesMs).toEqual([15, 20, 25, 30, 35, 40, 45].map(min));
  });
});
