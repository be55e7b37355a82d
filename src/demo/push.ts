import type { Problem } from '../core/errors.ts';
import type { SliBatch } from './batch.ts';

/** Where and how to push: the Nines base URL, an API token, and the HTTP client. */
export interface PushTarget {
  baseUrl: string;
  token: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 10_000 */
  timeoutMs?: number;
}

/** What one POST achieved; `retryable` failures may succeed later with the same batchId. */
export type PushOutcome =
  | { ok: true; accepted: number }
  | { ok: false; retryable: boolean; status: number | null; message: string; details: Problem[] };

/** POSTs one batch to `/api/v1/sli-events` once; never throws. */
export async function pushBatch(target: PushTarget, batch: SliBatch): Promise<PushOutcome> {
  const url = `${target.baseUrl.replace(/\/+$/, '')}/api/v1/sli-events`;
  let response: Response;
  try {
    response = await (target.fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const message = `cannot reach ${url}: ${describe(error)}`;
    return { ok: false, retryable: true, status: null, message, details: [] };
  }
  const body = await readJson(response);
  if (response.ok) return { ok: true, accepted: acceptedOf(body, batch) };
  const { message, details } = errorOf(body, response.status);
  // Server trouble and rate limits may pass; a refused body or token will not.
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  return { ok: false, retryable, status: response.status, message, details };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function acceptedOf(body: unknown, batch: SliBatch): number {
  const accepted = (body as { accepted?: unknown } | undefined)?.accepted;
  return typeof accepted === 'number' ? accepted : batch.events.length;
}

function errorOf(body: unknown, status: number): { message: string; details: Problem[] } {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (!error) return { message: `HTTP ${status}`, details: [] };
  const details = Array.isArray(error.details) ? (error.details as Problem[]) : [];
  return { message: `HTTP ${status} ${String(error.code)}: ${String(error.message)}`, details };
}
