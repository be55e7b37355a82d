import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../app.ts';
import type { ReliabilityReport } from '../../reports/index.ts';
import { emptyModel } from '../../specs/index.ts';
import { makeSlo } from '../../testing/slo-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const NOW = '2026-11-03T00:00:00.000Z';

let t: TestApp;

/** The whole app over one SLO on `api`, with a bad request in each of two months. */
beforeAll(async () => {
  t = await createTestApp({
    model: { ...emptyModel(), slos: [makeSlo({ name: 'api-availability', service: 'api' })] },
  });
  t.clock.set(NOW);
  // Oct 31 23:59 and Nov 1 00:00: one bad request of 100 in each month.
  for (const iso of ['2026-10-31T23:59:00Z', '2026-11-01T00:00:00Z']) {
    await t.db.query(
      `INSERT INTO sli_buckets (slo, start_ms, good, total) VALUES ('api-availability', $1, 99, 100)`,
      [Date.parse(iso)],
    );
  }
});
afterAll(() => t.close());

function get(query: string, bearer: string | null = t.tokens.read): Promise<Response> {
  return t.call('GET', `/api/v1/reports/reliability${query}`, { token: bearer });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

/** Problems where `value` does not have the types and required keys `schema` documents. */
function mismatches(schema: Record<string, unknown>, value: unknown, path = '$'): string[] {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const accepted = types.map((type) => (type === 'integer' ? 'number' : type));
  if (types.length > 0 && !accepted.includes(actual))
    return [`${path}: ${actual}, documented ${types.join('|')}`];
  if (actual === 'array') {
    const items = schema.items as Record<string, unknown>;
    return (value as unknown[]).flatMap((item, i) => mismatches(items, item, `${path}[${i}]`));
  }
  if (actual !== 'object') return [];
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const record = value as Record<string, unknown>;
  const undocumented = Object.keys(record).filter((key) => !(key in properties));
  return [
    ...undocumented.map((key) => `${path}.${key}: not documented`),
    ...Object.entries(properties).flatMap(([key, sub]) =>
      key in record ? mismatches(sub, record[key], `${path}.${key}`) : [`${path}.${key}: missing`],
    ),
  ];
}

describe('GET /api/v1/reports/reliability', () => {
  it('reports the 30 days before now by default, split at the month boundary, as documented', async () => {
    const response = await get('');
    expect(response.status).toBe(200);
    const body = (await response.json()) as ReliabilityReport;
    expect(body.from).toBe('2026-10-04T00:00:00.000Z');
    expect(body.to).toBe(NOW);
    expect(body.service).toBeNull();
    // 99 of 100 in one minute of each month: 1 % of that minute; October's 28 days have 40,320 min and
    // November's 2 have 2,880, of which one each had data.
    expect(body.services[0]?.months).toEqual([
      {
        month: '2026-10',
        availability: 0.99,
        downtimeMinutes: expect.closeTo(0.01, 10),
        events: 100,
        minutesWithData: 1,
        coverage: expect.closeTo(1 / 40_320, 12),
      },
      {
        month: '2026-11',
        availability: 0.99,
        downtimeMinutes: expect.closeTo(0.01, 10),
        events: 100,
        minutesWithData: 1,
        coverage: expect.closeTo(1 / 2_880, 12),
      },
    ]);
    const document = openApiDocument(t.app) as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    const responses = document.paths['/api/v1/reports/reliability']?.get.responses ?? {};
    const ok = responses['200'] as { content: { 'application/json': { schema: { $ref: string } } } };
    const name = ok.content['application/json'].schema.$ref.replace('#/components/schemas/', '');
    const schema = document.components.schemas[name] as Record<string, unknown>;
    expect(mismatches(schema, body)).toEqual([]);
  });

  it('filters by service and refuses an unknown one with a 404', async () => {
    const api = (await (await get('?service=api')).json()) as ReliabilityReport;
    expect(api.service).toBe('api');
    const response = await get('?service=payments');
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({
      code: 'not_found',
      message: 'no service named "payments"',
    });
  });

  it('refuses malformed times, an empty range and one over 400 days', async () => {
    const cases: Array<[string, string]> = [
      [
        '?from=last-week',
        'query parameter "from" must be RFC 3339 (2026-01-02T03:04:05Z) or epoch milliseconds',
      ],
      [`?from=${NOW}`, 'query parameter "from" must be before "to"'],
      ['?from=2025-09-28T00:00:00Z', 'query parameter "from" must be at most 400 days before "to"'],
    ];
    for (const [query, message] of cases) {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'invalid_input', message });
    }
    // Sep 29 -> Nov 3 2025..2026 is exactly 400 days.
    expect((await get('?from=2025-09-29T00:00:00Z')).status).toBe(200);
  });

  it('needs a token', async () => {
    expect((await get('', null)).status).toBe(401);
  });
});
