import { isDeepStrictEqual } from 'node:util';
import type { HttpCheck } from '../specs/index.ts';
import { parseJsonPath, selectJsonPath } from './json-path.ts';

/** What one HTTP attempt observed, as the expectations judge it. */
export interface HttpObservation {
  status: number;
  latencyMs: number;
  body: string;
  /** True when only the first part of a large body was read. */
  bodyTruncated: boolean;
  /** Days until the peer certificate expires; absent for plain http. */
  certDaysLeft?: number;
}

/** The first expectation the response misses, as a short human reason; undefined when all hold. */
export function findHttpFailure(check: HttpCheck, seen: HttpObservation): string | undefined {
  if (!check.expectStatus.includes(seen.status)) {
    return `status ${seen.status} not in ${formatStatusSet(check.expectStatus)}`;
  }
  if (check.maxResponseMs !== undefined && seen.latencyMs > check.maxResponseMs) {
    return `response took ${Math.round(seen.latencyMs)} ms > ${check.maxResponseMs} ms limit`;
  }
  if (check.bodyContains !== undefined && !seen.body.includes(check.bodyContains)) {
    const where = seen.bodyTruncated ? ' (in the part read)' : '';
    return `body does not contain ${JSON.stringify(check.bodyContains)}${where}`;
  }
  if (check.jsonPath !== undefined) {
    const failure = findJsonPathFailure(check.jsonPath, seen.body);
    if (failure !== undefined) return failure;
  }
  if (check.minCertDays !== undefined) return findCertFailure(check.minCertDays, seen.certDaysLeft);
  return undefined;
}

/** Writes status codes compactly: `[200..299]`, `[200, 204, 301..303]`. */
export function formatStatusSet(codes: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const code of [...new Set(codes)].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && code === last[1] + 1) last[1] = code;
    else runs.push([code, code]);
  }
  const parts = runs.map(([from, to]) => {
    if (to - from >= 2) return `${from}..${to}`;
    return from === to ? `${from}` : `${from}, ${to}`;
  });
  return `[${parts.join(', ')}]`;
}

function findJsonPathFailure(expected: { path: string; equals: unknown }, body: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return `body is not JSON (needed for ${expected.path})`;
  }
  const match = selectJsonPath(document, parseJsonPath(expected.path));
  if (match.found && isDeepStrictEqual(match.value, expected.equals)) return undefined;
  const actual = match.found ? `is ${preview(match.value)}` : 'is missing';
  return `${expected.path} ${actual}, expected ${preview(expected.equals)}`;
}

function findCertFailure(minDays: number, daysLeft: number | undefined): string | undefined {
  if (daysLeft === undefined) return 'no TLS certificate to check (minCertDays needs an https URL)';
  if (daysLeft >= minDays) return undefined;
  if (daysLeft < 0) return `certificate expired ${formatDays(-daysLeft)} ago (< ${minDays})`;
  return `certificate expires in ${formatDays(daysLeft)} (< ${minDays})`;
}

function formatDays(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/** A JSON rendering short enough for a one-line reason. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
