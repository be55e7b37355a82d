import { type IncomingMessage, request as requestHttp } from 'node:http';
import { request as requestHttps } from 'node:https';
import { TLSSocket } from 'node:tls';
import { DAY_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import type { HttpCheck } from '../specs/index.ts';
import type { CheckContext, CheckOutcome } from './check-handler.ts';
import { describeError } from './describe-error.ts';
import { findHttpFailure } from './http-expectations.ts';
import { parseJsonPath } from './json-path.ts';

/** Enough for any health endpoint; a probe must not buffer an accidental download. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Sends one request on a fresh connection (so latency includes connect and TLS) and judges status,
 * response time, body, JSON path and certificate expiry. Uses node:http(s) rather than fetch because
 * the peer certificate is only reachable on the socket.
 */
export function runHttpCheck(check: HttpCheck, context: CheckContext): Promise<CheckOutcome> {
  const url = parseProbeUrl(check.url);
  if (check.jsonPath !== undefined) parseJsonPath(check.jsonPath.path);
  const send = url.protocol === 'https:' ? requestHttps : requestHttp;
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const request = send(
      url,
      {
        method: check.method,
        headers: { 'user-agent': 'nines-probe', ...check.headers },
        signal: context.signal,
        agent: false,
        rejectUnauthorized: !check.insecureSkipVerify,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const certDaysLeft = readCertDaysLeft(response, context.clock.now());
        readBody(response).then(
          ({ body, truncated }) => {
            const latencyMs = Math.round(performance.now() - startedAt);
            const seen = { status, latencyMs, body, bodyTruncated: truncated, certDaysLeft };
            const error = findHttpFailure(check, seen);
            resolve({ ok: error === undefined, error, status, latencyMs, certDaysLeft });
          },
          (error: unknown) => resolve({ ok: false, error: describeError(error), status, certDaysLeft }),
        );
      },
    );
    request.on('error', (error) => resolve({ ok: false, error: describeError(error) }));
    request.end(check.body);
  });
}

function parseProbeUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url;
  throw new NinesError('invalid_config', `probe URL ${JSON.stringify(text)} is not an http(s) URL`);
}

/** Whole days until the peer certificate's notAfter, counted from the clock's now; undefined without TLS. */
function readCertDaysLeft(response: IncomingMessage, nowMs: number): number | undefined {
  if (!(response.socket instanceof TLSSocket)) return undefined;
  const validToMs = Date.parse(response.socket.getPeerCertificate().valid_to);
  return Number.isNaN(validToMs) ? undefined : Math.floor((validToMs - nowMs) / DAY_MS);
}

/** Reads at most MAX_BODY_BYTES, then hangs up rather than draining the rest. */
function readBody(response: IncomingMessage): Promise<{ body: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const text = () => Buffer.concat(chunks).toString('utf8');
    response.on('data', (chunk: Buffer) => {
      const kept = chunk.subarray(0, MAX_BODY_BYTES - size);
      chunks.push(kept);
      size += kept.length;
      if (size >= MAX_BODY_BYTES) {
        resolve({ body: text(), truncated: true });
        response.destroy();
      }
    });
    response.on('end', () => resolve({ body: text(), truncated: false }));
    response.on('error', reject);
  });
}
