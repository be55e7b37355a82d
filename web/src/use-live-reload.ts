import { useEffect, useRef } from 'react';
import { useLive } from './live.ts';

/**
 * Reloads on live events of `types`, at most once per `minGapMs`: a burst of SLO changes across 1,000 SLOs
 * costs one request, not one per event.
 */
export function useLiveReload(types: readonly string[], reload: () => void, minGapMs = 2_000): void {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLive(types, () => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + minGapMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      reload();
    }, wait);
  });
}
