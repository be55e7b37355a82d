/**
 * Prometheus for tests: a stub `fetch` that answers like the HTTP API, and a real `/usr/bin/prometheus`
 * started on a free 127.0.0.1 port, optionally with hours of history written into its TSDB beforehand
 * (`promtool tsdb create-blocks-from openmetrics`) and a small exporter the test controls.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { emptyModel, type Model, type Service, type Slo } from '../specs/index.ts';
import { makeSlo } from './slo-fixtures.ts';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

/**
 * True when `binary` exists. When it does not, throws if CI or NINES_REQUIRE_COMPONENTS is set (a missing
 * component must fail there), and otherwise warns and returns false so the caller can skip.
 */
export function hasBinary(binary: string): boolean {
  if (existsSync(binary)) return true;
  if (process.env.CI || process.env.NINES_REQUIRE_COMPONENTS) {
    throw new Error(`${binary} is required (CI or NINES_REQUIRE_COMPONENTS is set) but is not installed`);
  }
  console.warn(`skipping: ${binary} is not installed`);
  return false;
}

// ---------- stub fetch ----------

export interface StubCall {
  path: string;
  form: URLSearchParams;
  headers: Headers;
}

/** A batch's paired query (`read-sli.ts`): its total and second halves, each tagged with `nines_part`. */
const PAIRED_QUERY =
  /^label_replace\((.*), "nines_part", "total", "", ""\) or label_replace\((.*), "nines_part", "second", "", ""\)$/s;

/** A batch's near-total query (`read-sli.ts`' nearTotalQuery), counting errors or good events. */
const NEAR_TOTAL_ERROR = /^\((.*)\) \/ \((.*)\) >= ([0-9.e+-]+)$/s;
const NEAR_TOTAL_GOOD =
  /^\(\((.*)\) - \((.*)\)\) \/ \((.*)\) >= ([0-9.e+-]+) or \(\((.*)\) unless \((.*)\)\) > 0$/s;

/**
 * A `fetch` that records each call and answers with `answer(call)`. Queries a batch combines are answered
 * as Prometheus would, from what `answer` says of each part: a paired query's halves come back tagged
 * together, and a near-total query keeps the label sets whose failing share reaches its ratio.
 */
export function stubPrometheusFetch(answer: (call: StubCall) => Response | Promise<Response>): {
  fetch: typeof fetch;
  calls: StubCall[];
} {
  const calls: StubCall[] = [];
  const stub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call = {
      path: new URL(String(input)).pathname,
      form: new URLSearchParams(String(init?.body ?? '')),
      headers: new Headers(init?.headers),
    };
    calls.push(call);
    const query = call.form.get('query') ?? '';
    const ask = async (part: string): Promise<StubAnswer | Response> => {
      const form = new URLSearchParams(call.form);
      form.set('query', part);
      const response = await answer({ ...call, form });
      const answered = (await response.clone().json()) as StubAnswer;
      return response.status === 200 && answered.status === 'success' ? answered : response;
    };
    const halves = PAIRED_QUERY.exec(query);
    if (halves) {
      const result: unknown[] = [];
      let resultType: string | undefined;
      for (const [i, part] of (['total', 'second'] as const).entries()) {
        const answered = await ask(halves[i + 1] as string);
        if (answered instanceof Response) return answered;
        resultType = answered.data?.resultType;
        for (const one of answered.data?.result ?? []) {
          result.push({ ...one, metric: { ...one.metric, nines_part: part } });
        }
      }
      return jsonResponse({ status: 'success', data: { resultType, result } });
    }
    const error = NEAR_TOTAL_ERROR.exec(query);
    const good = error ? undefined : NEAR_TOTAL_GOOD.exec(query);
    if (!error && !good) return answer(call);
    const [totalQuery, secondQuery, ratio] = error
      ? [error[2], error[1], error[3]]
      : [good?.[3], good?.[2], good?.[4]];
    const total = await ask(totalQuery as string);
    if (total instanceof Response) return total;
    const second = await ask(secondQuery as string);
    if (second instanceof Response) return second;
    const result = nearTotal(total, second, error ? 'error' : 'good', Number(ratio));
    return jsonResponse({ status: 'success', data: { resultType: 'vector', result } });
  };
  return { fetch: stub as typeof fetch, calls };
}

interface StubAnswer {
  status?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value?: [number, string] }> };
}

/** The total's label sets whose failing share reaches `ratio`, valued with that share, as Prometheus answers. */
function nearTotal(total: StubAnswer, second: StubAnswer, counts: 'error' | 'good', ratio: number) {
  const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());
  const seconds = new Map(
    (second.data?.result ?? []).map((one) => [key(one.metric), Number(one.value?.[1])]),
  );
  return (total.data?.result ?? []).flatMap((one) => {
    const [at, value] = one.value ?? [0, '0'];
    const other = seconds.get(key(one.metric));
    // A missing second series: no errors (error), or nothing good (good). 0 / 0 is NaN: never kept.
    const failing = counts === 'error' ? (other ?? 0) : Number(value) - (other ?? 0);
    const share = failing / Number(value);
    return share >= ratio ? [{ metric: one.metric, value: [at, String(share)] }] : [];
  });
}

export interface StubSeries {
  labels: Record<string, string>;
  /** [epoch ms, value] pairs; a vector answer uses the first. */
  points: [number, number | string][];
}

/** A JSON response with `status` (200 by default). */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A successful `/api/v1/query` answer. */
export function vectorResponse(series: StubSeries[]): Response {
  const result = series.map((one) => ({
    metric: one.labels,
    value: pair(one.points[0] as [number, number]),
  }));
  return jsonResponse({ status: 'success', data: { resultType: 'vector', result } });
}

/** A successful `/api/v1/query_range` answer. */
export function matrixResponse(series: StubSeries[]): Response {
  const result = series.map((one) => ({ metric: one.labels, values: one.points.map(pair) }));
  return jsonResponse({ status: 'success', data: { resultType: 'matrix', result } });
}

function pair([ms, value]: [number, number | string]): [number, string] {
  return [ms / 1000, String(value)];
}

// ---------- history (backfill) ----------

export interface HistorySeries {
  labels: Record<string, string>;
  /** [epoch ms, value] pairs in time order. */
  points: [number, number][];
}

/**
 * Four hours of `http_requests_total` history under `job`, starting at the whole hour `startMs`, one
 * sample every 15 s: checkout serves 10 req/s and fails 1 req/s during the second hour only; search
 * serves 5 req/s and has no 5xx series at all. Totals: checkout 147,600 requests of which 144,000 good
 * (3,600 errors); search 72,000, all good.
 */
export function shopHistory(job: string, startMs: number): HistorySeries[] {
  const series = (labels: Record<string, string>, valueAt: (seconds: number) => number): HistorySeries => {
    const points: [number, number][] = [];
    for (let s = 0; s <= 4 * 3600; s += 15) points.push([startMs + s * 1000, valueAt(s)]);
    return { labels: { job, ...labels }, points };
  };
  return [
    series({ service: 'checkout', code: '200' }, (s) => 10 * s),
    series({ service: 'checkout', code: '500' }, (s) => Math.min(Math.max(s - 3600, 0), 3600)),
    series({ service: 'search', code: '200' }, (s) => 5 * s),
  ];
}

/** Writes `series` as OpenMetrics and turns it into TSDB blocks in `tsdbDir` (before Prometheus starts). */
export async function writeHistory(options: { metric: string; series: HistorySeries[]; tsdbDir: string }) {
  const lines: string[] = [];
  for (const one of options.series) {
    const labels = Object.entries(one.labels)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join(',');
    for (const [ms, value] of one.points) lines.push(`${options.metric}{${labels}} ${value} ${ms / 1000}`);
  }
  lines.push('# EOF', '');
  await mkdir(options.tsdbDir, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'nines-history-'));
  try {
    const file = join(dir, 'history.om');
    await writeFile(file, lines.join('\n'));
    await promisify(execFile)(PROMTOOL_BIN, [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      file,
      options.tsdbDir,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------- exporter ----------

export interface TestExporter {
  /** `host:port`, for a scrape config. */
  target: string;
  /** Adds `amount` to the counter with these labels (created at 0). */
  add(labels: Record<string, string>, amount: number): void;
  /** Resolves once the exporter has been scraped `count` times in all; rejects after `timeoutMs`. */
  scraped(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Serves `metric` counters in the text exposition format. `beforeScrape` runs on every scrape before the
 * answer is written, so a test can tie traffic to scrapes instead of to wall-clock time.
 */
export async function startTestExporter(options: {
  metric: string;
  beforeScrape?: (exporter: TestExporter) => void;
}): Promise<TestExporter> {
  const counters = new Map<string, number>();
  let scrapes = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((_request, response) => {
    options.beforeScrape?.(exporter);
    const body = [`# TYPE ${options.metric} counter`];
    for (const [labels, value] of counters) body.push(`${options.metric}{${labels}} ${value}`);
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(`${body.join('\n')}\n`, () => {
      scrapes += 1;
      for (const waiter of waiters.filter((one) => scrapes >= one.count)) waiter.resolve();
    });
  });
  const port = await listen(server);
  const exporter: TestExporter = {
    target: `127.0.0.1:${port}`,
    add(labels, amount) {
      const key = Object.entries(labels)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(',');
      counters.set(key, (counters.get(key) ?? 0) + amount);
    },
    scraped(count, timeoutMs = 20_000) {
      if (scrapes >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`exporter scraped ${scrapes} of ${count} times`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return exporter;
}

// ---------- real Prometheus ----------

export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  /** `host:port` targets scraped every `scrapeIntervalSeconds` (default 1). */
  scrapeTargets?: string[];
  scrapeIntervalSeconds?: number;
  /** Written into the TSDB before start (see writeHistory). */
  history?: { metric: string; series: HistorySeries[] };
  /** `remote_write` targets: each gets what is scraped, sent within about a second. */
  remoteWrite?: { url: string; bearerToken: string }[];
  readyTimeoutMs?: number;
}

/** Starts a real Prometheus on a free port in a temporary directory; `stop()` kills it and cleans up. */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'nines-prometheus-'));
  const tsdbDir = join(dir, 'data');
  if (options.history) await writeHistory({ ...options.history, tsdbDir });
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const targets = options.scrapeTargets ?? [];
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    scrape_configs: targets.length > 0 ? [{ job_name: 'exporter', static_configs: [{ targets }] }] : [],
    ...(options.remoteWrite
      ? {
          remote_write: options.remoteWrite.map((target) => ({
            url: target.url,
            authorization: { credentials: target.bearerToken },
            queue_config: { batch_send_deadline: '1s', min_backoff: '100ms', max_backoff: '1s' },
          })),
        }
      : {}),
  };
  await writeFile(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${tsdbDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await kill(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- prometheus log ---\n${log}`);
  }
  return { url, stop };
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const pollMs = 100;
  for (let waited = 0; waited < timeoutMs; waited += pollMs) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`prometheus was not ready after ${timeoutMs}ms`);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(forced);
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

// ---------- model fixtures ----------

const fixtureLocation = { file: 'nines.yaml', line: 1, col: 1 };

/** A 99.9 % / 30d SLO on `http_requests_total{job="api"}` with the workbook's page and ticket conditions. */
export function prometheusSlo(overrides: Partial<Slo> = {}): Slo {
  return makeSlo({
    name: 'api-availability',
    service: 'api',
    indicator: {
      kind: 'prometheus',
      source: 'prod',
      errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
      groupBy: [],
    },
    source: fixtureLocation,
    ...overrides,
  });
}

/** A model holding `slos` and a service for each service they name. */
export function modelWithSlos(slos: Slo[], service: Partial<Service> = {}): Model {
  const names = [...new Set(slos.map((slo) => slo.service))];
  const services: Service[] = names.map((name) => ({
    name,
    tier: 1,
    lifecycle: 'production',
    dependsOn: [],
    links: [],
    tags: [],
    origin: 'nines',
    source: fixtureLocation,
    ...service,
  }));
  return { ...emptyModel(), services, slos };
}
