import { abortError, attemptSignal, type SenderOptions } from './channel-sender.ts';
import { DeliveryError, safeReason } from './delivery-error.ts';

/** Enough of an error response to show why (Slack answers `invalid_token`, `no_service`). */
const SNIPPET_BYTES = 300;

export interface PostJsonInput {
  url: string;
  body: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  /** Values that must never appear in an error reason (signing keys); the URL's path and query are added. */
  secretValues: string[];
  fetch: typeof fetch;
}

/** HTTP statuses worth another attempt: the server failed, timed out or asked us to slow down. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** POSTs a JSON body; resolves on 2xx, throws DeliveryError otherwise. Redirects are refused, not followed. */
export async function postJson(input: PostJsonInput): Promise<void> {
  const url = parseTargetUrl(input.url);
  const attempt = attemptSignal(input.signal, input.timeoutMs);
  try {
    await postOnce(input, url, attempt.signal);
  } finally {
    attempt.done();
  }
}

async function postOnce(input: PostJsonInput, url: URL, signal: AbortSignal): Promise<void> {
  const secretValues = [...input.secretValues, ...urlSecrets(url)];
  let response: Response;
  try {
    response = await input.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...input.headers },
      body: input.body,
      signal,
      redirect: 'manual',
    });
  } catch (error) {
    if (signal.aborted) throw abortError(signal.reason, input.timeoutMs);
    throw new DeliveryError(safeReason(`network error: ${describeFetchError(error)}`, secretValues), {
      retryable: true,
    });
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const snippet = await readSnippet(response);
  const reason = snippet ? `HTTP ${response.status}: ${snippet}` : `HTTP ${response.status}`;
  throw new DeliveryError(safeReason(reason, secretValues), {
    retryable: isRetryableStatus(response.status),
  });
}

/** fetch's own parse error quotes the URL, which may hold a token, so check it first. */
function parseTargetUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url;
  throw new DeliveryError('target URL is not an http(s) URL', { retryable: false });
}

/** Webhook URLs carry their token in the path or query (Slack's do), and receivers may echo them back. */
function urlSecrets(url: URL): string[] {
  const pathAndQuery = `${url.pathname}${url.search}`;
  return [url.href, pathAndQuery.length > 1 ? pathAndQuery : '', url.password];
}

/** undici reports `fetch failed` and puts the useful part (`ECONNREFUSED`, `other side closed`) in `cause`. */
function describeFetchError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause.message;
}

async function readSnippet(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // The status alone is reason enough; a body cut short adds nothing.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8');
}

/** Options of the HTTP-based senders; `fetch` is the seam tests may replace. */
export interface HttpSenderOptions extends SenderOptions {
  fetch?: typeof fetch;
}
