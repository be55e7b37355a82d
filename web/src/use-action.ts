import { useCallback, useRef, useState } from 'react';
import { errorMessage } from './api.ts';

export interface Action {
  busy: boolean;
  /** The server's refusal of the last attempt, shown until the next one. */
  error: string | null;
  /** What the server answered the last success, in words ("Acknowledged by ana."). */
  done: string | null;
  /** Runs `act` once at a time; its result (a sentence) or its failure is kept for the view to show. */
  run: (act: () => Promise<string>) => Promise<boolean>;
  clear: () => void;
}

/** One button's (or form's) call to the API: busy while it runs, then the answer or the error. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (act: () => Promise<string>) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await act());
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setDone(null);
  }, []);
  return { busy, error, done, run, clear };
}
