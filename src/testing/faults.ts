/**
 * The fault suite's tools (`test/faults`): a pusher that sends SLI batches with batch ids and keeps what
 * was acknowledged, the totals stored for them, and the one-line figure summary each scenario prints.
 * `NINES_FAULTS_FULL=1` (set by `npm run test:faults`) makes the loads longer.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../storage/db.ts';

/** Longer loads when asked (`npm run test:faults`); the bounded form runs in `npm test`. */
export function faultsFull(): boolean {
  return process.env.NINES_FAULTS_FULL === '1';
}

/** `bounded` in `npm test`, `full` under `npm run test:faults`. */
export function faultLoad(bounded: number, full: number): number {
  return faultsFull() ? full : bounded;
}

export interface SliBatch {
  batchId: string;
  events: Array<{ slo: string; time: number; good: number; total: number }>;
}

/** Events per batch and SLO: 10, of which 9 good, so totals say how many batches were counted. */
/** An `slos.yaml` of push-fed SLOs of service `api` (the core catalog's), one per name. */
export function eventSlos(names: readonly string[], objective: number): string {
  return names
    .map(
      (name) => `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: ${name} }
spec: { service: api, objective: ${objective}, window: 30d, indicator: { events: {} } }
`,
    )
    .join('---');
}

export const EVENTS_PER_BATCH = 10;
export const GOOD_PER_BATCH = 9;

/** `count` batches, each with one event row per SLO in `slos`, timed now (the server's current minute). */
export function sliBatches(prefix: string, count: number, slos: readonly string[]): SliBatch[] {
  return Array.from({ length: count }, (_, i) => ({
    batchId: `${prefix}-${i}`,
    events: slos.map((slo) => ({ slo, time: Date.now(), good: GOOD_PER_BATCH, total: EVENTS_PER_BATCH })),
  }));
}

/** One push; the HTTP status, or undefined when no answer came (connection refused or cut). */
export async function pushBatch(url: string, token: string, batch: SliBatch): Promise<number | undefined> {
  try {
    const response = await fetch(`${url}/api/v1/sli-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

export interface PushOutcome {
  acknowledged: Set<string>;
  /** Batches sent without a 202 (refused, 503, no answer): the client must send them again. */
  unacknowledged: SliBatch[];
  /** Statuses other than 202 seen, with how often. */
  refusals: Map<string, number>;
  /** Wall time of the whole run and the slowest acknowledged push. */
  elapsedMs: number;
  slowestMs: number;
}

/**
 * Sends `batches` with `inFlight` requests at a time to `url()` (read per request, so a restarted server
 * is found); `afterAck` runs after each acknowledgement (a test injects its fault there).
 */
export async function pushAll(options: {
  url: () => string;
  token: string;
  batches: readonly SliBatch[];
  inFlight: number;
  afterAck?: (acknowledged: number) => void;
}): Promise<PushOutcome> {
  const outcome: PushOutcome = {
    acknowledged: new Set(),
    unacknowledged: [],
    refusals: new Map(),
    elapsedMs: 0,
    slowestMs: 0,
  };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.batches.length) {
      const batch = options.batches[next++] as SliBatch;
      const sentAt = performance.now();
      const status = await pushBatch(options.url(), options.token, batch);
      if (status === 202) {
        outcome.slowestMs = Math.max(outcome.slowestMs, performance.now() - sentAt);
        outcome.acknowledged.add(batch.batchId);
        options.afterAck?.(outcome.acknowledged.size);
      } else {
        outcome.unacknowledged.push(batch);
        const key = status === undefined ? 'no answer' : String(status);
        outcome.refusals.set(key, (outcome.refusals.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  outcome.elapsedMs = performance.now() - started;
  return outcome;
}

/**
 * Sends `batches` again, one at a time, until each is acknowledged (as a client with a retry queue does);
 * bounded by `attempts` rounds.
 */
export async function resendUntilAcknowledged(options: {
  url: string;
  token: string;
  batches: readonly SliBatch[];
  attempts?: number;
}): Promise<void> {
  let left = [...options.batches];
  for (let round = 0; round < (options.attempts ?? 20) && left.length > 0; round++) {
    const failed: SliBatch[] = [];
    for (const batch of left) {
      if ((await pushBatch(options.url, options.token, batch)) !== 202) failed.push(batch);
    }
    left = failed;
    if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (left.length > 0) throw new Error(`${left.length} batches were never acknowledged`);
}

/** The good and total events stored for `slos`. */
export async function storedTotals(
  db: Db,
  slos: readonly string[],
): Promise<{ good: number; total: number }> {
  const [row] = await db.query<{ good: number | null; total: number | null }>(
    `SELECT sum(good) AS good, sum(total) AS total FROM sli_buckets WHERE slo IN (${slos.map((_, i) => `$${i + 1}`).join(', ')})`,
    [...slos],
  );
  return { good: Number(row?.good ?? 0), total: Number(row?.total ?? 0) };
}

/**
 * Lost and doubled batches: every batch was acknowledged in the end, so the store must hold exactly
 * `batches` × `slos` × 10 events. A shortfall is lost events, an excess doubled ones (in batches).
 */
export function lossAndDuplication(stored: { good: number; total: number }, batches: number, slos: number) {
  const expected = batches * slos * EVENTS_PER_BATCH;
  const perBatch = slos * EVENTS_PER_BATCH;
  return {
    expected,
    lost: Math.max(0, expected - stored.total) / perBatch,
    duplicated: Math.max(0, stored.total - expected) / perBatch,
    goodMatches: stored.good === batches * slos * GOOD_PER_BATCH,
  };
}

/** Prints the scenario's one-line summary: `faults: <scenario> lost=0 duplicated=0 recovery=… ms …`. */
export function reportFault(scenario: string, figures: Record<string, string | number>): string {
  const parts = Object.entries(figures).map(([name, value]) =>
    typeof value === 'number'
      ? `${name}=${Number.isInteger(value) ? value : value.toFixed(1)}`
      : `${name}=${value}`,
  );
  const line = `faults: ${scenario} ${parts.join(' ')}`;
  console.log(line);
  return line;
}

/** Milliseconds `fn` took, with its value. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}
