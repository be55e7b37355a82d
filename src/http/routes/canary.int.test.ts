import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Judgement {
  verdict: string;
  score: number;
  metrics: Array<{
    name: string;
    classification: string;
    lower: number;
    upper: number;
    estimate: number;
    pValue: number;
  }>;
}

describe('POST /api/v1/canary/judgements', () => {
  it('judges given samples as R and Kayenta would', async () => {
    const judged = await expectJson<Judgement>(
      await t.call('POST', '/api/v1/canary/judgements', {
        body: {
          metrics: [
            {
              name: 'latency',
              control: [1, 2, 3, 4],
              experiment: [10, 20, 30, 40],
              direction: 'increase',
              critical: true,
            },
            {
              name: 'throughput',
              control: [5, 6, 7, 8],
              experiment: [5.5, 6.5, 7.5, 4.5],
              direction: 'decrease',
            },
          ],
        },
      }),
      200,
    );
    expect(judged).toMatchObject({ verdict: 'fail', score: 0 });
    expect(judged.metrics[0]).toMatchObject({
      name: 'latency',
      classification: 'High',
      lower: 6,
      upper: 39,
      estimate: 22.5,
      pValue: 0.028571428571428571,
    });
    expect(judged.metrics[1]?.classification).toBe('Pass');
  });

  it('refuses malformed samples with the field named, and huge ones', async () => {
    const bad = await expectJson<{ error: { details: Array<{ path: string }> } }>(
      await t.call('POST', '/api/v1/canary/judgements', {
        body: { metrics: [{ name: 'x', control: [1, 'a'], experiment: [1], direction: 'up' }] },
      }),
      400,
    );
    expect(bad.error.details.map((d) => d.path)).toEqual(['metrics.0.control.1', 'metrics.0.direction']);
    const huge = Array.from({ length: 10_001 }, (_, i) => i);
    expect(
      (
        await t.call('POST', '/api/v1/canary/judgements', {
          body: { metrics: [{ name: 'x', control: huge, experiment: [1], direction: 'either' }] },
        })
      ).status,
    ).toBe(400);
    expect((await t.call('POST', '/api/v1/canary/judgements', { body: { metrics: [] } })).status).toBe(400);
    // Each sample within its limit, but 30,000 values in all: refused before any ranking starts.
    const many = Array.from({ length: 5_000 }, (_, i) => i);
    const tooMuch = await expectJson<{ error: { details: Array<{ path: string; message: string }> } }>(
      await t.call('POST', '/api/v1/canary/judgements', {
        body: {
          metrics: [1, 2, 3].map((n) => ({
            name: `m${n}`,
            control: many,
            experiment: many,
            direction: 'either',
          })),
        },
      }),
      400,
    );
    expect(tooMuch.error.details[0]).toMatchObject({ path: 'metrics' });
    expect(tooMuch.error.details[0]?.message).toContain('at most 20000 values in all');
  });
});
