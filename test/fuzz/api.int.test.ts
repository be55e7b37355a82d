import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyArbitrary,
  bodyStart,
  encodeUrlText,
  FuzzStats,
  fuzzRuns,
  fuzzSeed,
  type OpenApiDocument,
  type OpenApiOperation,
  oddString,
  rowCounts,
  schemaArbitrary,
} from '../../src/testing/fuzz.ts';
import { alertingFixture, PD_KEY, pagingModel } from '../../src/testing/paging-fixtures.ts';
import { createTestApp, GROUPED_INSTANCE, type TestApp } from '../../src/testing/test-app.ts';
import { testEngines } from '../../src/testing/test-engines.ts';

/**
 * Every route of the OpenAPI document, every intake format: generated requests (valid, mutated, wrong
 * types, missing and extra fields, malformed and huge bodies, NUL and lone surrogates, extreme numbers,
 * odd path parameters). Properties: never a 5xx, the server answers /healthz after each case, and a
 * refused request (4xx) leaves every table's row count as it was. `NINES_FUZZ_RUNS` cases per engine.
 */
const RUNS = fuzzRuns(1000);

const webhook = alertingFixture('alertmanager-webhook-v4.json');
const pd = alertingFixture('pagerduty-events-v2.json') as Record<string, Record<string, unknown>>;

/** Valid bodies of the intake formats, so mutations reach the parsers and ingestion, not just the first check. */
function intakeExamples(t: TestApp): Record<string, fc.Arbitrary<unknown>> {
  return {
    'POST /api/v1/integrations/alertmanager': fc.constant(webhook),
    'POST /api/v1/integrations/pagerduty/v2/enqueue': fc.constantFrom(pd.trigger, pd.acknowledge, pd.resolve),
    'POST /api/v1/integrations/pagerduty/v2/change/enqueue': fc.constant({
      routing_key: PD_KEY,
      payload: { summary: 'Deployed v42', source: 'ci', custom_details: { build: 42 } },
      links: [{ href: 'https://ci.example.test/42' }],
    }),
    'POST /api/v1/sli-events': fc.record({
      batchId: fc.string({ minLength: 1, maxLength: 12 }),
      events: fc.array(
        fc.record({
          slo: fc.constantFrom('checkout-availability', 'search-availability'),
          time: fc.constant(t.clock.now()),
          good: fc.integer({ min: 0, max: 10 }),
          total: fc.constant(10),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  };
}

const knownNames = [
  'checkout-availability',
  'search-availability',
  'payments-latency',
  GROUPED_INSTANCE,
  'checkout',
  'orders',
  'payments-api',
  'commerce-primary',
  'commerce',
  'main',
  '1',
  '2',
];

const pathParam = fc.oneof(
  { arbitrary: fc.constantFrom(...knownNames), weight: 4 },
  { arbitrary: oddString.filter((s) => s !== '').map(encodeUrlText), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      '0',
      '-1',
      '99999999999999999999',
      '1.5',
      '1e3',
      '%2F..%2F',
      '%00',
      '%ZZ',
      '%C0%AF',
    ),
    weight: 2,
  },
);

const queryValue = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      ...knownNames,
      'true',
      'false',
      '10',
      '0',
      '2026-03-01T00:00:00Z',
      '5m',
      'json',
      'markdown',
      // An event stream id (from another boot): a resume that replays from storage.
      'p0.i0.sab-0',
    ),
    weight: 3,
  },
  { arbitrary: oddString.map(encodeUrlText), weight: 3 },
  { arbitrary: fc.constantFrom('%00', '%ZZ', '-5', '1e400', '99999999999999999999'), weight: 1 },
);

interface Operation {
  key: string;
  method: string;
  path: string;
  op: OpenApiOperation;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      op,
    })),
  );
}

interface FuzzRequest {
  url: string;
  init: RequestInit;
  bodyKind: string;
}

function requestArbitrary(
  operation: Operation,
  doc: OpenApiDocument,
  t: TestApp,
  examples: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<FuzzRequest> {
  const { op } = operation;
  const pathNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const valid = examples[operation.key] ?? (bodySchema ? schemaArbitrary(bodySchema, doc) : undefined);
  const bearer = op.security?.some((s) => 'bearer' in s) ?? false;
  return fc
    .record({
      params: fc.tuple(...pathNames.map(() => pathParam)),
      query: fc.tuple(...queryNames.map(() => fc.option(queryValue, { nil: undefined }))),
      body: valid ? bodyArbitrary(valid) : fc.constant(undefined),
    })
    .map(({ params, query, body }) => {
      let path = operation.path;
      pathNames.forEach((name, i) => {
        path = path.replace(`{${name}}`, params[i] as string);
      });
      const pairs = queryNames.flatMap((name, i) => (query[i] === undefined ? [] : [`${name}=${query[i]}`]));
      const url = pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
      const headers: Record<string, string> = {};
      if (bearer) headers.authorization = `Bearer ${t.tokens.admin}`;
      if (body?.contentType) headers['content-type'] = body.contentType;
      return {
        url,
        init: { method: operation.method, headers, ...(body ? { body: body.text } : {}) },
        bodyKind: body?.kind ?? 'none',
      };
    });
}

describe.each(await testEngines())('API fuzzing on $name', (engine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  let doc: OpenApiDocument;
  const stats = new FuzzStats();

  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({
      model: pagingModel(),
      env: { PD_ROUTING_KEY: PD_KEY },
      openDb: async () => opened.db,
    });
    // Something to find: a page (from an Alertmanager group), an incident, a silence.
    await t.call('POST', '/api/v1/integrations/alertmanager', { token: t.tokens.write, body: webhook });
    await t.call('POST', '/api/v1/incidents', {
      token: t.tokens.write,
      body: { title: 'seed', severity: 'SEV3' },
    });
    doc = (await (await t.call('GET', '/api/v1/openapi.json')).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    console.log(stats.summary(`API fuzzing on ${engine.name}`));
    await dispose?.();
  });

  it('never answers 5xx to a client mistake, stays up, and writes nothing when it refuses', {
    timeout: 600_000,
  }, async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(50);
    const examples = intakeExamples(t);
    const perOperation = Math.max(2, Math.ceil(RUNS / operations.length));
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation, doc, t, examples), async (request) => {
          const before = await rowCounts(t.db);
          let status: number;
          let body = '';
          try {
            const response = await t.app.request(request.url, request.init);
            status = response.status;
            body = await bodyStart(response);
          } catch (error) {
            // The response contract check: the app answered something its route does not declare.
            const message = (error as Error).message;
            const seen = /→ (\d{3})/.exec(message)?.[1];
            status = seen ? Number(seen) : 0;
            stats.failures.push(
              `${request.init.method} ${request.url.slice(0, 200)} (${request.bodyKind}): ${message.slice(0, 300)}`,
            );
          }
          stats.record(operation.key, status);
          const where = `${request.init.method} ${request.url.slice(0, 200)} (${request.bodyKind}) → ${status} ${body}`;
          expect(status, where).toBeGreaterThanOrEqual(200);
          expect(status, where).toBeLessThan(500);
          expect((await t.app.request('/healthz')).status, `healthz after ${where}`).toBe(200);
          if (status >= 400) expect(await rowCounts(t.db), `rows after ${where}`).toEqual(before);
        }),
        { numRuns: perOperation, seed: fuzzSeed(), endOnFailure: true },
      );
    }
    expect(stats.failures, stats.failures.join('\n')).toEqual([]);
  });
});
