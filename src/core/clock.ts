/** The one source of time. Domain code takes `now` from a Clock, never from `Date.now()`. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  private ms: number;

  constructor(start: number | string = 0) {
    this.ms = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.ms;
  }

  set(ms: number | string): void {
    this.ms = typeof ms === 'string' ? Date.parse(ms) : ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
