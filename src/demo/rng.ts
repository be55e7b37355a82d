/** Uniform numbers in [0, 1) from a seed: the same seed replays the same run. */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for simulated traffic (not for anything secret). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Rounds up with probability equal to the fraction, so sums over many ticks keep the expected value. */
export function roundRandomly(value: number, rng: Rng): number {
  const whole = Math.floor(value);
  return rng() < value - whole ? whole + 1 : whole;
}
