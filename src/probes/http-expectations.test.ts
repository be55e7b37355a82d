import { describe, expect, it } from 'vitest';
import type { HttpCheck } from '../specs/index.ts';
import { findHttpFailure, formatStatusSet, type HttpObservation } from './http-expectations.ts';

const twoHundreds = Array.from({ length: 100 }, (_, i) => 200 + i);
const check: HttpCheck = {
  kind: 'http',
  url: 'https://example.test/health',
  method: 'GET',
  headers: {},
  expectStatus: twoHundreds,
  insecureSkipVerify: false,
};
const seen: HttpObservation = { status: 200, latencyMs: 40, body: '{"status":"up"}', bodyTruncated: false };

describe('findHttpFailure', () => {
  it('passes a response that meets every expectation', () => {
    const strict: HttpCheck = {
      ...check,
      maxResponseMs: 500,
      bodyContains: 'up',
      jsonPath: { path: '$.status', equals: 'up' },
      minCertDays: 14,
    };
    expect(findHttpFailure(strict, { ...seen, certDaysLeft: 14 })).toBeUndefined();
  });

  it('reports a status outside the accepted set', () => {
    expect(findHttpFailure(check, { ...seen, status: 503 })).toBe('status 503 not in [200..299]');
  });

  it('reports a slow response with the measured and allowed times', () => {
    const failure = findHttpFailure({ ...check, maxResponseMs: 500 }, { ...seen, latencyMs: 812 });
    expect(failure).toBe('response took 812 ms > 500 ms limit');
    expect(findHttpFailure({ ...check, maxResponseMs: 500 }, { ...seen, latencyMs: 500 })).toBeUndefined();
  });

  it('reports a missing body substring, noting when only part of the body was read', () => {
    expect(findHttpFailure({ ...check, bodyContains: 'ok' }, seen)).toBe('body does not contain "ok"');
    expect(findHttpFailure({ ...check, bodyContains: 'ok' }, { ...seen, bodyTruncated: true })).toBe(
      'body does not contain "ok" (in the part read)',
    );
  });

  it('reports a JSON path value, a missing one, and a body that is not JSON', () => {
    const expectUp = { ...check, jsonPath: { path: '$.status', equals: 'up' } };
    expect(findHttpFailure(expectUp, { ...seen, body: '{"status":"down"}' })).toBe(
      '$.status is "down", expected "up"',
    );
    expect(findHttpFailure(expectUp, { ...seen, body: '{}' })).toBe('$.status is missing, expected "up"');
    expect(findHttpFailure(expectUp, { ...seen, body: '<html>' })).toBe(
      'body is not JSON (needed for $.status)',
    );
  });

  it('compares JSON values deeply', () => {
    const expectChecks = { ...check, jsonPath: { path: '$.checks', equals: [{ ok: true }] } };
    expect(findHttpFailure(expectChecks, { ...seen, body: '{"checks":[{"ok":true}]}' })).toBeUndefined();
    expect(findHttpFailure(expectChecks, { ...seen, body: '{"checks":[{"ok":"true"}]}' })).toBe(
      '$.checks is [{"ok":"true"}], expected [{"ok":true}]',
    );
  });

  it('reports certificates expiring too soon, already expired, or absent', () => {
    const expectCert = { ...check, minCertDays: 14 };
    expect(findHttpFailure(expectCert, { ...seen, certDaysLeft: 5 })).toBe(
      'certificate expires in 5 days (< 14)',
    );
    expect(findHttpFailure(expectCert, { ...seen, certDaysLeft: 1 })).toBe(
      'certificate expires in 1 day (< 14)',
    );
    expect(findHttpFailure(expectCert, { ...seen, certDaysLeft: -3 })).toBe(
      'certificate expired 3 days ago (< 14)',
    );
    expect(findHttpFailure(expectCert, seen)).toBe(
      'no TLS certificate to check (minCertDays needs an https URL)',
    );
  });

  it('reports the status before anything else', () => {
    const strict = { ...check, bodyContains: 'ok', maxResponseMs: 10 };
    expect(findHttpFailure(strict, { ...seen, status: 500, latencyMs: 99 })).toBe(
      'status 500 not in [200..299]',
    );
  });
});

describe('formatStatusSet', () => {
  it('folds runs of three or more into ranges', () => {
    expect(formatStatusSet(twoHundreds)).toBe('[200..299]');
    expect(formatStatusSet([301, 200, 204, 302, 303, 200])).toBe('[200, 204, 301..303]');
    expect(formatStatusSet([200, 201])).toBe('[200, 201]');
    expect(formatStatusSet([])).toBe('[]');
  });
});
