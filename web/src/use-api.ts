import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  /** The message of the last failure; the last data stays shown. */
  error: string | null;
  loading: boolean;
  /** Loads again (after an action, or when a live event says something changed). */
  reload: () => void;
}

/**
 * Runs `load` when `deps` change and on `reload()`, keeping the last answer while a new one loads; an
 * answer that arrives after a newer request started is dropped.
 */
export function useApi<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is rebuilt each render; `deps` say when it changes.
  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    load().then(
      (value) => {
        if (call !== latest.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (call !== latest.current) return;
        setError(errorMessage(failure));
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** The answer's data, or a thrown error when the client gave none (it throws on error answers already). */
export function must<T>(answer: { data?: T }): T {
  if (answer.data === undefined) throw new Error('The server sent an empty answer.');
  return answer.data;
}
