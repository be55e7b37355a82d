import { HOUR_MS } from '../core/duration.ts';

export interface FlapOptions {
  /** How far back state changes are counted. @default 1h */
  windowMs: number;
  /** The most firing/resolved changes a steady alert makes in one window; more is flapping. @default 6 */
  maxChanges: number;
}

export const DEFAULT_FLAP_OPTIONS: Readonly<FlapOptions> = { windowMs: HOUR_MS, maxChanges: 6 };

/** True when more than `maxChanges` of the change times fall in the window ending at `nowMs` (start excluded). */
export function isFlapping(
  changesMs: readonly number[],
  nowMs: number,
  options: Partial<FlapOptions> = {},
): boolean {
  const { windowMs, maxChanges } = { ...DEFAULT_FLAP_OPTIONS, ...options };
  const inWindow = changesMs.filter((atMs) => atMs > nowMs - windowMs && atMs <= nowMs);
  return inWindow.length > maxChanges;
}

/** The flap memory of one alert: plain JSON, stored beside the alert. */
export interface FlapState {
  /** Recent change times, oldest first; at most `maxChanges + 1` of them, all inside one window. */
  changesMs: number[];
  /** When the current flapping episode began; null when the alert is not flapping. */
  flappingSinceMs: number | null;
}

export function initialFlapState(): FlapState {
  return { changesMs: [], flappingSinceMs: null };
}

export interface FlapDecision {
  state: FlapState;
  flapping: boolean;
  /** Whether this change may notify people (a trigger); never for a resolve. */
  notify: boolean;
  /** Whether a resolve may close the alert's page; false while flapping keeps it open. */
  resolvePage: boolean;
}

/**
 * Records one state change of an alert and decides what it may do. The policy: an alert flaps once it
 * changes more than `maxChanges` times within `windowMs`; from then its page stays open (resolves do not
 * close it) and re-fires do not notify again, until the alert has been quiet (no change) for a whole
 * window. The change that starts flapping still notifies if it is a fire, since the page was closed by
 * the resolve before it; `flapQuietAtMs` says when the caller may close a page left open.
 */
export function shouldNotify(input: {
  state: FlapState;
  change: { atMs: number; status: 'firing' | 'resolved' };
  options?: Partial<FlapOptions>;
}): FlapDecision {
  const options = { ...DEFAULT_FLAP_OPTIONS, ...input.options };
  const { atMs, status } = input.change;
  const last = input.state.changesMs.at(-1);
  const quiet = last === undefined || atMs - last >= options.windowMs;
  const changesMs = [...input.state.changesMs.filter((ms) => ms > atMs - options.windowMs), atMs].slice(
    -(options.maxChanges + 1),
  );
  const wasFlapping = !quiet && input.state.flappingSinceMs !== null;
  const startsFlapping = !wasFlapping && isFlapping(changesMs, atMs, options);
  const flappingSinceMs = wasFlapping ? input.state.flappingSinceMs : startsFlapping ? atMs : null;
  const flapping = flappingSinceMs !== null;
  return {
    state: { changesMs, flappingSinceMs },
    flapping,
    notify: status === 'firing' && !wasFlapping,
    resolvePage: status === 'resolved' && !flapping,
  };
}

/** When a flapping alert counts as quiet (a window after its last change); null when it is not flapping. */
export function flapQuietAtMs(state: FlapState, options: Partial<FlapOptions> = {}): number | null {
  const last = state.changesMs.at(-1);
  if (state.flappingSinceMs === null || last === undefined) return null;
  return last + { ...DEFAULT_FLAP_OPTIONS, ...options }.windowMs;
}
