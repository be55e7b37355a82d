import { type FormEvent, lazy, type ReactNode, Suspense, useEffect, useId, useState } from 'react';
import { errorMessage } from './api.ts';
import { ErrorNotice, Loading } from './components/notice.tsx';
import { LiveContext, LiveEvents } from './live.ts';
import { Link, matchRoute, useLocation } from './router.tsx';
import { useSession, useSessionState } from './session.tsx';
import { Theme } from './theme.tsx';

// Every view is its own chunk, loaded when first visited: the first route stays small.
const views = {
  overview: lazy(() => import('./pages/overview.tsx')),
  services: lazy(() => import('./pages/services.tsx')),
  service: lazy(() => import('./pages/service.tsx')),
  slos: lazy(() => import('./pages/slos.tsx')),
  slo: lazy(() => import('./pages/slo.tsx')),
  pages: lazy(() => import('./pages/pages.tsx')),
  page: lazy(() => import('./pages/page.tsx')),
  oncall: lazy(() => import('./pages/oncall.tsx')),
  incidents: lazy(() => import('./pages/incidents.tsx')),
  incident: lazy(() => import('./pages/incident.tsx')),
  postmortem: lazy(() => import('./pages/postmortem.tsx')),
  deploys: lazy(() => import('./pages/deploys.tsx')),
  deploy: lazy(() => import('./pages/deploy.tsx')),
  analysis: lazy(() => import('./pages/analysis.tsx')),
  reports: lazy(() => import('./pages/reports.tsx')),
  settings: lazy(() => import('./pages/settings.tsx')),
} as const;

type ViewName = keyof typeof views;

/** The console's deep links (issue contract): each path is answered by the server with the console. */
export const routes: ReadonlyArray<readonly [ViewName, string]> = [
  ['overview', '/'],
  ['services', '/services'],
  ['service', '/services/:name'],
  ['slos', '/slos'],
  ['slo', '/slos/:name'],
  ['pages', '/pages'],
  ['page', '/pages/:id'],
  ['oncall', '/oncall'],
  ['incidents', '/incidents'],
  ['incident', '/incidents/:id'],
  ['postmortem', '/postmortems/:id'],
  ['deploys', '/deploys'],
  ['deploy', '/deploys/:id'],
  ['analysis', '/analyses/:id'],
  ['reports', '/reports'],
  ['settings', '/settings'],
];

const nav: Array<[string, string]> = [
  ['/', 'Overview'],
  ['/services', 'Services'],
  ['/slos', 'SLOs'],
  ['/pages', 'Pages'],
  ['/oncall', 'On-call'],
  ['/incidents', 'Incidents'],
  ['/deploys', 'Deploys'],
  ['/reports', 'Reports'],
  ['/settings', 'Settings'],
];

export function App() {
  const { session, restore } = useSessionState();
  const [restoring, setRestoring] = useState(true);
  useEffect(() => {
    void restore().finally(() => setRestoring(false));
  }, [restore]);
  if (restoring) return <Loading what="the console" />;
  return session ? <Console /> : <SignIn />;
}

function SignIn() {
  const { signIn, endedBecause } = useSessionState();
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tokenId = useId();
  const rememberId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token.trim(), remember);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <div className="signin-box">
        <div className="signin-head">
          <h1>Nines</h1>
          <Theme />
        </div>
        <p>Sign in with an API token (`nines token create --person NAME --scopes read,write`).</p>
        {endedBecause ? (
          <p className="notice" role="status">
            {endedBecause}
          </p>
        ) : null}
        <form onSubmit={submit}>
          <label htmlFor={tokenId}>API token</label>
          <input
            id={tokenId}
            type="password"
            autoComplete="current-password"
            value={token}
            required
            onChange={(event) => setToken(event.target.value)}
          />
          <div className="check">
            <input
              id={rememberId}
              type="checkbox"
              checked={remember}
              onChange={(event) => setRemember(event.target.checked)}
            />
            <label htmlFor={rememberId}>Remember me on this browser</label>
          </div>
          <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
            Sign in
          </button>
        </form>
        <ErrorNotice message={error} />
      </div>
    </main>
  );
}

function Console() {
  const session = useSession();
  const location = useLocation();
  const [live, setLive] = useState<LiveEvents | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const events = new LiveEvents(session.token, () =>
      session.signOut('The server refused your token (revoked or expired). Sign in again.'),
    );
    const off = events.onState(setConnected);
    events.start();
    setLive(events);
    return () => {
      off();
      events.stop();
    };
  }, [session]);
  const match = matchRoute(routes, location.pathname);
  const View = match ? views[match.name as ViewName] : null;
  return (
    <LiveContext.Provider value={live}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          Nines
        </Link>
        <nav aria-label="Main">
          <ul>
            {nav.map(([to, label]) => (
              <li key={to}>
                <Link href={to} aria-current={isCurrent(to, location.pathname) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span
            className={connected ? 'live live-on' : 'live'}
            title={connected ? 'Live updates on' : 'Live updates reconnecting'}
          >
            {connected ? 'Live' : 'Offline'}
          </span>
          <span>
            Signed in as <strong>{session.me.actor}</strong>
          </span>
          <Theme />
          <button type="button" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the view" />}>
          {View && match ? <View params={match.params} /> : <NotFound path={location.pathname} />}
        </Suspense>
      </main>
    </LiveContext.Provider>
  );
}

function isCurrent(to: string, pathname: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

function NotFound({ path }: { path: string }): ReactNode {
  return (
    <section className="view">
      <h1>Not found</h1>
      <p>
        The console has no view at <code>{path}</code>. <Link href="/">Go to the overview</Link>.
      </p>
    </section>
  );
}

/** Props every view receives: the deep link's parameters. */
export interface ViewProps {
  params: Record<string, string>;
}
