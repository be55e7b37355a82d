import type { Problem } from '../core/errors.ts';

/** What an intake parser returns: the parsed fields, or every problem found in the body. */
export type Parsed<T> = ({ ok: true } & T) | { ok: false; problems: Problem[] };
