import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from 'react';

/** The console's routes: each deep link survives a reload (the server answers index.html for them). */
export interface RouteMatch {
  name: string;
  params: Record<string, string>;
}

type Pattern = readonly [name: string, path: string];

/** Matches `pathname` against `patterns` (`/slos/:name`); segments are URI-decoded. */
export function matchRoute(patterns: readonly Pattern[], pathname: string): RouteMatch | undefined {
  const parts = split(pathname);
  for (const [name, path] of patterns) {
    const want = split(path);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < want.length; i++) {
      const w = want[i] as string;
      const p = parts[i] as string;
      if (w.startsWith(':')) {
        try {
          params[w.slice(1)] = decodeURIComponent(p);
        } catch {
          ok = false;
        }
      } else if (w !== p) ok = false;
      if (!ok) break;
    }
    if (ok) return { name, params };
  }
  return undefined;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** Builds a path from segments, encoding each: `href('slos', name)`. */
export function href(...segments: Array<string | number>): string {
  return `/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** The current path and query; re-renders on navigation. */
export function useLocation(): URL {
  const current = useSyncExternalStore(subscribe, snapshot);
  return new URL(current, window.location.origin);
}

/** Goes to `to` without reloading; `replace` keeps history from growing (filters, redirects). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
  if (!options.replace) window.scrollTo(0, 0);
}

/** An anchor that navigates in place (a modified click still opens a new tab). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href: to, onClick, ...rest } = props;
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (props.target && props.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...rest} />;
}

/** Sets the document title for the current view ("Payment · SLOs · Nines"). */
export function useTitle(...parts: string[]): void {
  const title = [...parts, 'Nines'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
