import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureConsole } from '../scripts/build-web.ts';
import { pushFleetTraffic, writeFleetConfig } from '../src/testing/console-fleet.ts';
import {
  CHROMIUM,
  type ConsoleServer,
  launchChromium,
  openConsole,
  prefillHistory,
  startConsoleServer,
} from '../src/testing/console-harness.ts';
import { median } from './stats.ts';

// Issue 12's performance targets, measured in Debian's Chromium against `nines serve`: the overview's
// content within 1 s of signing in (demo config); overview, /slos and /services within 1 s with 200
// services and 1,000 SLOs, scrolling smoothly; the first route's JavaScript under 250 KB gzipped.

const dist = join(import.meta.dirname, '..', 'web', 'dist');
const LIMIT_MS = 30_000;

export interface RouteTiming {
  route: string;
  /** Navigation start → content visible, per run; NaN when it never showed within the limit. */
  runsMs: number[];
}

export interface ScrollFigures {
  route: string;
  frames: number;
  durationMs: number;
  worstFrameMs: number;
  longTasks: number;
  longTaskMs: number;
  scrolledPx: number;
}

export interface ConsoleFigures {
  /** Why nothing was measured (no Chromium), else undefined. */
  skipped?: string;
  signInRunsMs: number[];
  fleetRoutes: RouteTiming[];
  scrolling: ScrollFigures[];
  firstRouteJs: FirstRouteJs;
}

export interface FirstRouteJs {
  /** index.html's entry chunk and everything it imports statically. */
  entryFiles: string[];
  entryGzipBytes: number;
  /** The same plus the overview view's chunk (lazy, but the first route loads it) and its static imports. */
  withOverviewGzipBytes: number;
}

/**
 * Runs in the page (a function, not a string: the console's CSP forbids eval): performance.now() once
 * `route`'s content is on screen, else false. Overview: its five panels; /slos: the SLO table with rows;
 * /services: the graph's figure and the catalog with rows. Nothing may still say "Loading …".
 */
function renderedAt(route: string): number | false {
  type El = {
    innerText: string;
    textContent: string | null;
    querySelector(s: string): El | null;
    querySelectorAll(s: string): El[];
    caption?: El | null;
  };
  const page = globalThis as unknown as { document: El };
  const main = page.document.querySelector('main');
  if (!main || /Loading [^\n]*…/.test(main.innerText)) return false;
  // No named inner functions: tsx wraps those in a helper (__name) the page does not have.
  const caption = route === '/slos' ? /SLOs/ : /Services/;
  const tableShown = [...main.querySelectorAll('table')].some(
    (t) => caption.test(t.caption?.textContent ?? '') && t.querySelector('tbody tr') !== null,
  );
  const headings = [...main.querySelectorAll('h2')].map((h) => h.textContent ?? '');
  const panels = [
    'Budgets at risk',
    'Open incidents',
    'On call now',
    'Pages in the last 24 h',
    'SLO compliance by service',
  ];
  let shown = false;
  if (route === '/') shown = panels.every((name) => headings.some((h) => h.includes(name)));
  else if (route === '/slos') shown = tableShown;
  else if (route === '/services') shown = main.querySelector('figure') !== null && tableShown;
  return shown ? performance.now() : false;
}

/** performance.now() (ms since navigation start) when `route`'s content is visible; NaN past the limit. */
async function visibleAt(page: Page, route: string): Promise<number> {
  try {
    const handle = await page.waitForFunction(renderedAt, route, { polling: 'raf', timeout: LIMIT_MS });
    return (await handle.jsonValue()) as number;
  } catch (error) {
    process.stderr.write(`… ${route} did not render: ${(error as Error).message.split('\n')[0]}\n`);
    return Number.NaN;
  }
}

/** Sign-in on the demo: from the click on "Sign in" to the overview's panels on screen, in the page's clock. */
async function signInToOverview(browser: Browser, server: ConsoleServer, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { context, page } = await openConsole(browser);
    try {
      await page.goto(server.url);
      await page.getByRole('textbox', { name: 'API token' }).fill(server.adminToken);
      await page.evaluate(
        `document.addEventListener('click', (e) => { if (e.target.closest('button')?.textContent?.trim() === 'Sign in') window.clickedAt = performance.now(); }, true)`,
      );
      await page.getByRole('button', { name: 'Sign in' }).click();
      const shownAt = await visibleAt(page, '/');
      const clickedAt = (await page.evaluate('window.clickedAt')) as number;
      times.push(shownAt - clickedAt);
    } finally {
      await context.close();
    }
  }
  return times;
}

/** A fresh tab already holding the token (as after sign-in), opened straight at `route`. */
async function loadRoute(browser: Browser, server: ConsoleServer, route: string) {
  const opened = await openConsole(browser);
  await opened.context.addInitScript(
    `sessionStorage.setItem('nines.token', ${JSON.stringify(server.adminToken)})`,
  );
  await opened.page.goto(`${server.url}${route}`, { waitUntil: 'domcontentloaded' });
  return { ...opened, ms: await visibleAt(opened.page, route) };
}

/** Scrolls the page (and any scrolling box inside the first figure) for 120 frames; counts frames and long tasks. */
const scrollScript = `(async () => {
  const boxes = [document.scrollingElement, ...document.querySelectorAll('main figure *, .table-scroll')]
    .filter((e) => e && e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible' || e === document.scrollingElement);
  let longTasks = 0, longTaskMs = 0;
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) { longTasks++; longTaskMs += e.duration; } });
  try { observer.observe({ type: 'longtask' }); } catch {}
  const start = performance.now();
  let last = start, worst = 0, frames = 0, scrolled = 0;
  await new Promise((done) => {
    const step = (now) => {
      worst = Math.max(worst, now - last); last = now; frames++;
      for (const box of boxes) { const before = box.scrollTop; box.scrollTop += 40; scrolled += box.scrollTop - before; }
      if (frames < 120) requestAnimationFrame(step); else done();
    };
    requestAnimationFrame(step);
  });
  observer.disconnect();
  return { frames, durationMs: performance.now() - start, worstFrameMs: worst, longTasks, longTaskMs, scrolledPx: scrolled };
})()`;

/** The static imports of a built chunk (`import{…}from"./x.js"`, `import"./y.js"`), not `import()`. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(dist, 'assets', file), 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(
    /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g,
  ))
    if (match[1]) found.add(match[1]);
  return [...found];
}

function closure(files: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of staticImports(file)) visit(next);
  };
  for (const file of files) visit(file);
  return [...seen];
}

const gzipBytes = (file: string) => {
  const path = join(dist, 'assets', file);
  return existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : statSync(path).size;
};

/** The gzipped JavaScript the first route needs, read from web/dist. */
export function firstRouteJs(): FirstRouteJs {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\/assets\/([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/assets\/([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  const entryFiles = closure([...entries, ...preloads]);
  const overview = readdirSync(join(dist, 'assets')).filter((f) => /^overview-[\w-]+\.js$/.test(f));
  const withOverview = closure([...entryFiles, ...overview]);
  const sum = (files: string[]) => files.reduce((total, file) => total + gzipBytes(file), 0);
  return { entryFiles, entryGzipBytes: sum(entryFiles), withOverviewGzipBytes: sum(withOverview) };
}

export async function benchConsole(options: { runs: number }): Promise<ConsoleFigures> {
  await ensureConsole({ quiet: true });
  const js = firstRouteJs();
  if (!existsSync(CHROMIUM))
    return {
      skipped: `${CHROMIUM} is not installed`,
      signInRunsMs: [],
      fleetRoutes: [],
      scrolling: [],
      firstRouteJs: js,
    };
  const browser = await launchChromium();
  try {
    const demo = await startConsoleServer();
    let signInRunsMs: number[];
    try {
      await prefillHistory(demo, demo.configDir);
      signInRunsMs = await signInToOverview(browser, demo, options.runs);
    } finally {
      await demo.stop();
    }
    const fleet = writeFleetConfig({ services: 200, slosPerService: 5 });
    const server = await startConsoleServer({ configDir: fleet.configDir });
    try {
      await pushFleetTraffic({ url: server.url, token: server.adminToken }, fleet, { minutes: 30 });
      const fleetRoutes: RouteTiming[] = [];
      const scrolling: ScrollFigures[] = [];
      for (const route of ['/', '/slos', '/services']) {
        const timing: RouteTiming = { route, runsMs: [] };
        for (let run = 0; run < options.runs; run++) {
          const loaded = await loadRoute(browser, server, route);
          timing.runsMs.push(loaded.ms);
          if (run === 0 && route !== '/' && !Number.isNaN(loaded.ms))
            scrolling.push({
              route,
              ...((await loaded.page.evaluate(scrollScript)) as Omit<ScrollFigures, 'route'>),
            });
          await loaded.context.close();
        }
        fleetRoutes.push(timing);
      }
      return { signInRunsMs, fleetRoutes, scrolling, firstRouteJs: js };
    } finally {
      await server.stop();
    }
  } finally {
    await browser.close();
  }
}

/** Median of the runs that rendered; NaN when none did. */
export function medianRendered(runs: number[]): number {
  const rendered = runs.filter((v) => !Number.isNaN(v));
  return rendered.length === 0 ? Number.NaN : median(rendered);
}
