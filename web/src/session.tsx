import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type Api, createConsoleApi, type Schemas, whoIs } from './api.ts';

const KEY = 'nines.token';

/** The signed-in token, who it acts as, and the API client that sends it. */
export interface Session {
  token: string;
  me: Schemas['Me'];
  api: Api;
  /** Whether the token may do admin things (tokens, reloads); the server checks again. */
  isAdmin: boolean;
  canWrite: boolean;
  signOut: (reason?: string) => void;
}

interface SessionState {
  session: Session | null;
  /** Why the last session ended, when the server ended it (e.g. the token was revoked). */
  endedBecause: string | null;
  signIn: (token: string, remember: boolean) => Promise<void>;
  /** Restores a kept token on load; resolves once known. */
  restore: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** The token is kept in sessionStorage (this tab) unless the user asks to be remembered (localStorage). */
function keptToken(): string | null {
  return window.sessionStorage.getItem(KEY) ?? window.localStorage.getItem(KEY);
}

function keep(token: string, remember: boolean): void {
  forget();
  (remember ? window.localStorage : window.sessionStorage).setItem(KEY, token);
}

function forget(): void {
  window.sessionStorage.removeItem(KEY);
  window.localStorage.removeItem(KEY);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    forget();
    setSession(null);
    setEndedBecause(reason ?? null);
  }, []);

  const start = useCallback(
    (token: string, me: Schemas['Me']) => {
      const api = createConsoleApi(token, () =>
        signOut('The server refused your token (revoked or expired). Sign in again.'),
      );
      const scopes = me.scopes as string[];
      setSession({
        token,
        me,
        api,
        isAdmin: scopes.includes('admin'),
        canWrite: scopes.includes('admin') || scopes.includes('write'),
        signOut,
      });
      setEndedBecause(null);
    },
    [signOut],
  );

  const signIn = useCallback(
    async (token: string, remember: boolean) => {
      const me = await whoIs(token);
      keep(token, remember);
      start(token, me);
    },
    [start],
  );

  const restore = useCallback(async () => {
    const token = keptToken();
    if (!token) return;
    try {
      start(token, await whoIs(token));
    } catch {
      signOut('Your saved token was refused. Sign in again.');
    }
  }, [start, signOut]);

  const value = useMemo(
    () => ({ session, endedBecause, signIn, restore }),
    [session, endedBecause, signIn, restore],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The signed-in session; only views rendered after sign-in use it. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession before sign-in');
  return session;
}
