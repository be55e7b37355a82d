import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { HOUR_MS } from '../core/duration.ts';
import {
  prefillHistory as demoPrefill,
  eventFedSlos,
  startWebhookSink,
  writeDemoConfig,
} from '../demo/index.ts';
import { oldestUsefulMs } from '../slo/index.ts';
import { loadConfigDir } from '../specs/index.ts';
import { createToken, type ServerProcess, scratchDir, startServer, waitFor } from './nines-process.ts';
import { componentsRequired } from './test-engines.ts';

// The console's browser tests and benchmark: `nines serve` as a user starts it, Debian's Chromium driven
// by playwright-core (never a downloaded browser), tokens for Persons, screenshots as test artifacts.

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet headless Chromium that never phones home or updates itself. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether Debian's Chromium is installed. Throws when it is missing and components are required (CI or
 * NINES_REQUIRE_COMPONENTS), so CI fails instead of skipping the browser tests.
 */
export function chromiumAvailable(): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && componentsRequired())
    throw new Error(`${CHROMIUM} is required (CI or NINES_REQUIRE_COMPONENTS): apt-get install chromium`);
  return available;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const demoConfig = join(root, 'examples', 'demo');

/** A running `nines serve` with an admin token, and a typed-enough way to call its API. */
export interface ConsoleServer {
  url: string;
  configDir: string;
  process: ServerProcess;
  adminToken: string;
  /** Calls the API with `token` (default: the admin one); throws with the body unless 2xx. */
  api<T>(path: string, init?: RequestInit & { token?: string }): Promise<T>;
  /** A new token through the admin API; `person` makes it act as that configured Person. */
  token(options: { name: string; scopes: Array<'read' | 'write' | 'admin'>; person?: string }): Promise<{
    id: number;
    token: string;
  }>;
  stop(): Promise<void>;
}

/**
 * Starts `nines serve` (the real CLI, its own data dir, a free port) on `configDir`, or on the demo
 * config (examples/demo) with its webhook contacts pointed at a local sink that accepts every delivery.
 */
export async function startConsoleServer(
  options: { configDir?: string; env?: Record<string, string> } = {},
): Promise<ConsoleServer> {
  const dataDir = scratchDir('console');
  let configDir = options.configDir;
  let closeSink = async () => {};
  if (!configDir) {
    const sink = await startWebhookSink({ port: 0, onDelivery: () => {} });
    closeSink = () => sink.close();
    configDir = join(dataDir, 'demo-config');
    writeDemoConfig({ fromDir: demoConfig, toDir: configDir, sinkBaseUrl: sink.baseUrl });
  }
  const adminToken = await createToken(['--scopes', 'admin', '--name', 'e2e-admin', '--data-dir', dataDir]);
  const server = await startServer({ configDir, dataDir, env: options.env }).catch(async (error) => {
    await closeSink();
    throw error;
  });
  const api = async <T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> => {
    const { token = adminToken, ...rest } = init;
    const response = await fetch(`${server.url}${path}`, {
      ...rest,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...rest.headers },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${rest.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    url: server.url,
    configDir,
    process: server,
    adminToken,
    api,
    token: (body) => api('/api/v1/tokens', { method: 'POST', body: JSON.stringify(body) }),
    async stop() {
      await server.stop();
      await closeSink();
    },
  };
}

/** The console as a user meets it: a fresh browser context (no kept token) at `width` × 900. */
export async function openConsole(
  browser: Browser,
  options: { width?: number; theme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.theme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  return { context, page, problems: watchProblems(page) };
}

/** What went wrong in a page that a user (or its console) would see: errors, crashes, failed API calls. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  all(): string[];
}

/** Records console errors, uncaught exceptions, and API requests that failed or answered ≥ 400. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    all: () => [...problems.consoleErrors, ...problems.pageErrors, ...problems.failedRequests],
  };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A stream the page closes on navigation is not a failure the user sees.
    const failure = request.failure()?.errorText ?? '';
    if (request.url().includes('/api/v1/events') && failure.includes('ERR_ABORTED')) return;
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname.startsWith('/api/'))
      problems.failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
  return problems;
}

/** Fills the sign-in form with `token` and waits for the signed-in header. */
export async function signIn(page: Page, url: string, token: string, actor?: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'API token' }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByText(actor ? `Signed in as ${actor}` : /^Signed in as /)
    .first()
    .waitFor({ timeout: 15_000 });
}

/**
 * Waits until a view has its h1 and nothing in it still says "Loading …" (bounded): what a user would
 * call loaded, without guessing a delay.
 */
export async function whenSettled(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: timeoutMs });
  // A function, not a string: the console's Content-Security-Policy forbids eval, and it stays on in tests.
  await page.waitForFunction(nothingLoading, undefined, { timeout: timeoutMs });
}

/** Runs in the page: whether `main` no longer says "Loading …". */
function nothingLoading(): boolean {
  const page = globalThis as unknown as {
    document: { querySelector(s: string): { innerText: string } | null };
  };
  return !/Loading [^\n]*…/.test(page.document.querySelector('main')?.innerText ?? '');
}

/** Where screenshots of a suite go: `test-artifacts/<suite>/NN-step.png`, numbered in the order taken (emptied first). */
export function screenshots(suite: string): (page: Page, step: string) => Promise<string> {
  const dir = join(root, 'test-artifacts', suite);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, step) => {
    n++;
    const path = join(dir, `${String(n).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
}

/**
 * Pushes the demo's healthy history (30 days hourly, the last 6 hours minute by minute) for every
 * event-fed SLO of `configDir`, as `nines demo` does, so budgets and burn-rate charts have data.
 */
export async function prefillHistory(server: ConsoleServer, configDir: string, days = 30): Promise<number> {
  const loaded = await loadConfigDir(configDir);
  if (loaded.problems.length > 0) throw new Error(`config ${configDir}: ${loaded.problems[0]?.message}`);
  const specs = new Map(loaded.model.slos.map((slo) => [slo.name, slo]));
  const untilMs = Date.now();
  const history = await demoPrefill({
    baseUrl: server.url,
    token: server.adminToken,
    slos: eventFedSlos(loaded.model.slos),
    untilMs,
    days,
    oldestMs: (slo) => {
      const spec = specs.get(slo.name);
      return spec ? oldestUsefulMs(spec, untilMs + HOUR_MS) : untilMs;
    },
  });
  // The engine evaluates on its own tick: wait (bounded) until every budget reflects the history.
  await waitFor(
    async () => {
      const { slos } = await server.api<{ slos: Array<{ errorBudget: { remaining: number | null } }> }>(
        '/api/v1/slos',
      );
      return slos.every((slo) => slo.errorBudget.remaining !== null) ? true : undefined;
    },
    60_000,
    'every SLO budget to be evaluated after the history push',
  );
  return history.eventsAccepted;
}
