/**
 * On PostgreSQL ids are taken at insert but rows appear at commit, so a poll can see id 11 before id 10
 * commits. Rows are taken only up to the first missing id; a gap that stays longer than `graceMs` (a
 * rolled-back insert leaves one for ever) is then stepped over.
 */
export interface GapState {
  /** When (monotonic ms) the poller first saw the current gap; null when there is none. */
  gapSinceMs: number | null;
}

export function takeContiguous<T extends { id: number }>(options: {
  rows: readonly T[];
  headId: number;
  gap: GapState;
  nowMs: number;
  graceMs: number;
}): { taken: T[]; headId: number; gap: GapState } {
  const { rows, nowMs, graceMs } = options;
  let headId = options.headId;
  let gapSinceMs = options.gap.gapSinceMs;
  const taken: T[] = [];
  for (const row of rows) {
    if (row.id !== headId + 1) {
      gapSinceMs ??= nowMs;
      if (nowMs - gapSinceMs < graceMs) break;
    }
    gapSinceMs = null;
    taken.push(row);
    headId = row.id;
  }
  return { taken, headId, gap: { gapSinceMs: taken.length === rows.length ? null : gapSinceMs } };
}
