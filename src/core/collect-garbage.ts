import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * A full V8 collection, now. For after a burst that left the old generation full of garbage (a backfill
 * of days of history): V8 collects it only when the heap reaches a limit set during the burst, which a
 * quiet server may not reach for hours, and the memory stays in the process meanwhile. Node's
 * `--expose-gc`, turned on from inside on first use.
 */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
