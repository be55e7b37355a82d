import { describe, expect, it } from 'vitest';
import { parseQueryAnswer } from './response.ts';

const success = (resultType: string, result: unknown) => ({
  status: 'success',
  data: { resultType, result },
});

describe('parseQueryAnswer', () => {
  it('reads a vector and a matrix into series of points in milliseconds', () => {
    expect(
      parseQueryAnswer(success('vector', [{ metric: { a: 'x' }, value: [1.5, '2'] }]), 'vector'),
    ).toEqual({
      ok: true,
      series: [{ labels: { a: 'x' }, points: [{ timeMs: 1500, value: 2 }] }],
    });
    const matrix = success('matrix', [
      {
        metric: {},
        values: [
          [60, '0.5'],
          [120, '1e3'],
        ],
      },
    ]);
    expect(parseQueryAnswer(matrix, 'matrix')).toEqual({
      ok: true,
      series: [
        {
          labels: {},
          points: [
            { timeMs: 60_000, value: 0.5 },
            { timeMs: 120_000, value: 1000 },
          ],
        },
      ],
    });
  });

  it('says what is wrong with each kind of bad answer', () => {
    const reason = (body: unknown, expected: 'vector' | 'matrix' = 'matrix') => {
      const parsed = parseQueryAnswer(body, expected);
      return parsed.ok ? 'ok' : parsed.reason;
    };
    expect(reason({ status: 'error', errorType: 'bad_data', error: 'parse error' })).toBe(
      'bad_data: parse error',
    );
    expect(reason({ status: 'error' })).toBe('error: no message');
    expect(reason({ status: 'error', error: 7 })).toBe('answered with an unexpected JSON shape');
    expect(reason([])).toBe('answered with an unexpected JSON shape');
    expect(reason({ status: 'success' })).toBe('answered with an unexpected JSON shape');
    expect(reason({ status: 'partial', data: { resultType: 'matrix', result: [] } })).toBe(
      'answered with an unexpected JSON shape',
    );
    expect(reason(success('vector', []))).toBe('expected a matrix result, got vector');
    const malformed = 'answered with a malformed matrix';
    expect(reason(success('matrix', {}))).toBe(malformed);
    expect(reason(success('matrix', [{ metric: { a: 1 }, values: [] }]))).toBe(malformed);
    expect(reason(success('matrix', [{ metric: {}, values: [[1, 2]] }]))).toBe(malformed);
    expect(reason(success('matrix', [{ metric: {}, values: [[1, '2', 3]] }]))).toBe(malformed);
    expect(reason(success('matrix', [{ metric: {}, values: [['1', '2']] }]))).toBe(malformed);
    expect(reason(success('matrix', [{ metric: {}, value: [1, '2'] }]))).toBe(malformed);
    expect(reason(success('vector', [{ metric: {}, values: [[1, '2']] }]), 'vector')).toBe(
      'answered with a malformed vector',
    );
    expect(reason(success('matrix', [{ metric: {}, values: [[1, 'NaN']] }]))).toBe(
      'returned a non-finite value (NaN)',
    );
    const kept = parseQueryAnswer(success('matrix', [{ metric: {}, values: [[1, '+Inf']] }]), 'matrix', {
      keepNonFinite: true,
    });
    expect(kept.ok && kept.series[0]?.points[0]?.value).toBe(Number.POSITIVE_INFINITY);
  });
});
