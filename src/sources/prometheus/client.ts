import { attemptSignal } from '../../core/attempt-signal.ts';
import { formatDuration } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import type { PrometheusDataSource, SecretRef } from '../../specs/index.ts';
import { parseQueryAnswer, type ResultType, type Series } from './response.ts';

/** Environment variables secrets are read from (usually `process.env`, passed in by the caller). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface PrometheusClientOptions {
  source: PrometheusDataSource;
  env: Env;
  /** Injected by tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
  /** Keep NaN and ±Inf values instead of refusing the answer (default false). */
  keepNonFinite?: boolean;
}

export interface RangeSpec {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** The two Prometheus HTTP API calls Nines needs; every failure is a NinesError('unavailable'). */
export interface PrometheusClient {
  query(expr: string, timeMs: number, signal?: AbortSignal): Promise<Series[]>;
  queryRange(expr: string, range: RangeSpec, signal?: AbortSignal): Promise<Series[]>;
}

const reasonsByCode: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};
const maxReasonLength = 200;

/** Creates a client for one Prometheus data source, with its headers and bearer token resolved from `env`. */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const { source, env } = options;
  const doFetch = options.fetch ?? fetch;
  const headers = resolveHeaders(source, env);
  const baseUrl = source.url.replace(/\/+$/, '');

  async function call(
    path: string,
    form: Record<string, string>,
    expected: ResultType,
    signal?: AbortSignal,
  ) {
    // Our own timer and listener, not AbortSignal.any with the job's signal: that leaks one per request.
    const attempt = attemptSignal(signal, source.timeoutMs);
    const body = new URLSearchParams({ ...form, timeout: formatDuration(source.timeoutMs) });
    let status: number;
    let text: string;
    try {
      const response = await doFetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers,
        body,
        signal: attempt.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw unavailable(source, 'request aborted');
      if (attempt.signal.aborted) throw unavailable(source, `timed out after ${source.timeoutMs}ms`);
      throw unavailable(source, describeFetchFailure(error));
    } finally {
      attempt.done();
    }
    const json = parseJson(text);
    const parsed = parseQueryAnswer(json, expected, { keepNonFinite: options.keepNonFinite ?? false });
    const success = status >= 200 && status < 300;
    if (success && parsed.ok) return parsed.series;
    if (success && !parsed.ok) throw unavailable(source, parsed.reason);
    // Prometheus explains most 4xx/5xx in its JSON error envelope; proxies in front of it may not.
    const explanation = !parsed.ok && isErrorEnvelope(json) ? `, ${parsed.reason}` : '';
    throw unavailable(source, `HTTP ${status}${explanation}`);
  }

  return {
    query: (expr, timeMs, signal) =>
      call('/api/v1/query', { query: expr, time: seconds(timeMs) }, 'vector', signal),
    queryRange: (expr, range, signal) =>
      call(
        '/api/v1/query_range',
        {
          query: expr,
          start: seconds(range.startMs),
          end: seconds(range.endMs),
          step: seconds(range.stepMs),
        },
        'matrix',
        signal,
      ),
  };
}

/** Builds request headers; secret values come from `env` and never appear in errors. */
export function resolveHeaders(source: PrometheusDataSource, env: Env): Headers {
  const headers = new Headers({ accept: 'application/json' });
  for (const [name, value] of Object.entries(source.headers)) {
    setHeader(source, headers, name, resolveValue(source, value, env, `header ${name}`));
  }
  if (source.bearerToken) {
    const token = resolveValue(source, source.bearerToken, env, 'the bearer token');
    setHeader(source, headers, 'authorization', `Bearer ${token}`);
  }
  return headers;
}

function resolveValue(
  source: PrometheusDataSource,
  value: string | SecretRef,
  env: Env,
  usage: string,
): string {
  if (typeof value === 'string') return value;
  const resolved = env[value.env];
  if (resolved === undefined || resolved === '') {
    throw unavailable(source, `environment variable ${value.env} (for ${usage}) is not set`);
  }
  return resolved;
}

function setHeader(source: PrometheusDataSource, headers: Headers, name: string, value: string): void {
  try {
    headers.set(name, value);
  } catch {
    // The platform's message quotes the value, which may be a secret.
    throw unavailable(source, `header ${name} has an invalid name or value`);
  }
}

function unavailable(source: PrometheusDataSource, reason: string): NinesError {
  const short = reason.length > maxReasonLength ? `${reason.slice(0, maxReasonLength)}…` : reason;
  return new NinesError('unavailable', `Prometheus source "${source.name}": ${short}`);
}

function describeFetchFailure(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  // Only the error code: undici messages may quote header values.
  if (typeof code === 'string') return reasonsByCode[code] ?? `request failed (${code})`;
  return 'request failed';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorEnvelope(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { status?: unknown }).status === 'error';
}

function seconds(ms: number): string {
  return String(ms / 1000);
}
