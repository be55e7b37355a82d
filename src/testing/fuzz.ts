import fc from 'fast-check';
import type { Db } from '../storage/index.ts';

/**
 * Property-based fuzzing of the HTTP API (test/fuzz): requests are generated from the OpenAPI document the
 * app serves, so a new route is fuzzed without anyone listing it.
 */

/** How many cases a fuzz file runs: `NINES_FUZZ_RUNS` (the long run, `npm run test:fuzz`, sets a large one). */
export function fuzzRuns(fallback: number): number {
  const asked = Number(process.env.NINES_FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? asked : fallback;
}

/** A seed from `NINES_FUZZ_SEED` to replay a failure; otherwise fast-check picks one and prints it. */
export function fuzzSeed(): number | undefined {
  const seed = Number(process.env.NINES_FUZZ_SEED);
  return Number.isInteger(seed) ? seed : undefined;
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Strings users should never send but will: NUL, lone surrogates, control characters, odd Unicode. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 20 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 5 }),
        fc.oneof(loneSurrogate, fc.constant('\u0000')),
        fc.string({ maxLength: 5 }),
      )
      .map((parts) => parts.join('')),
    weight: 2,
  },
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udbff',
    'x\udfff',
    '😀',
    '../../etc/passwd',
    '%00',
    'null',
    '-1',
    '0',
    '1e308',
    'SEV1',
    'P0',
    'true',
    '2026-03-02T12:00:00Z',
    '30m',
    "'; DROP TABLE alerts; --",
    'a'.repeat(300),
  ),
);

/** Numbers at the edges: zero, negatives, fractions, the largest doubles, past the safe integers. */
export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1, 0.5, 1e12, 1e12 + 1, 1e15, 1e308, -1e308, 2 ** 53 + 2, 1e21, 5e-324),
);

/** Large strings (up to a few MB): built once, shared between cases. */
const bigStrings = [64 * 1024 + 1, 1024 * 1024, 3 * 1024 * 1024].map((n) => 'x'.repeat(n));
export const hugeString: fc.Arbitrary<string> = fc.constantFrom(...bigStrings);

/** Any JSON value with odd leaves. */
export const oddJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    oddString,
    oddNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(oddString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A leaf that replaces a valid one: the wrong type, an odd value, a huge one, or deep nesting. */
export const oddLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: oddString, weight: 4 },
  { arbitrary: oddNumber, weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 2 },
  { arbitrary: oddJson, weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: fc.integer({ min: 65, max: 300 }).map(nested), weight: 1 },
);

/** `[[[…]]]`, `depth` levels deep. */
export function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  examples?: unknown[];
  default?: unknown;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Array<Record<string, unknown>>;
  responses: Record<string, unknown>;
}

/** Values a valid request would plausibly carry, for the schema's type (so cases get past the first check). */
export function schemaArbitrary(schema: JsonSchema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() as string;
    const target = doc.components?.schemas?.[name];
    return target && depth < 6 ? schemaArbitrary(target, doc, depth + 1) : fc.constant({});
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0)
    return fc.oneof(...variants.map((v) => schemaArbitrary(v, doc, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0)
    return schemaArbitrary(schema.allOf[0] as JsonSchema, doc, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      if (depth > 6) return fc.constant({});
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties))
        model[key] = schemaArbitrary(value, doc, depth + 1);
      if (Object.keys(model).length === 0) {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), {
          maxKeys: 3,
        });
      }
      return fc.record(model, {
        requiredKeys: Object.keys(model).filter((key) => required.has(key)),
      });
    }
    case 'array':
      return fc.array(schema.items ? schemaArbitrary(schema.items, doc, depth + 1) : fc.string(), {
        maxLength: 3,
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.examples && schema.examples.length > 0) return fc.constantFrom(...schema.examples);
      return fc.oneof(
        fc.constantFrom('checkout', 'orders', 'alice', 'SEV3', '30m', '2026-03-02T12:00:00Z', 'P2'),
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 12, 12) }),
      );
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  }
}

type Path = Array<string | number>;

/** Every path in a JSON value (containers included). */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (prefix.length > 8) return out;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) pathsOf(item, [...prefix, i], out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  }
  return out;
}

function withAt(
  root: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = structuredClone(root);
  if (path.length === 0) return copy;
  let parent = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  change(parent, path[path.length - 1] as string | number);
  return copy;
}

/** One mutation of a valid document: a leaf replaced, a field removed, or an extra field added. */
export function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const pick = fc.nat({ max: paths.length - 1 }).map((i) => paths[i] as Path);
  return fc.oneof(
    {
      arbitrary: fc.tuple(pick, oddLeaf).map(([path, leaf]) =>
        path.length === 0
          ? leaf
          : withAt(valid, path, (p, k) => {
              p[k] = leaf;
            }),
      ),
      weight: 5,
    },
    {
      arbitrary: pick.map((path) =>
        withAt(valid, path, (p, k) => {
          if (Array.isArray(p)) p.splice(Number(k), 1);
          else delete p[k];
        }),
      ),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(pick, oddString, oddLeaf).map(([path, key, leaf]) => {
        const target =
          path.length === 0
            ? valid
            : path.reduce<unknown>((v, s) => (v as Record<string | number, unknown>)[s], valid);
        if (!target || typeof target !== 'object' || Array.isArray(target)) return valid;
        return path.length === 0
          ? { ...(valid as object), [key]: leaf }
          : withAt(valid, path, (p, k) => {
              p[k] = { ...(p[k] as object), [key]: leaf };
            });
      }),
      weight: 1,
    },
    { arbitrary: fc.constant(valid), weight: 1 },
  );
}

/** A body as sent: JSON text (possibly malformed or huge) and the Content-Type it claims. */
export interface FuzzBody {
  text: string;
  contentType: string | null;
  kind: string;
}

const malformedJson = fc.constantFrom(
  '{',
  '{"a":',
  '[1,]',
  'nul',
  '{"a":1}}',
  "{'a':1}",
  '\u0000',
  '"\\ud800',
  '{"a":"\\x"}',
  '',
);

/** Bodies of every kind for a route whose valid bodies `valid` generates. */
export function bodyArbitrary(valid: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzBody> {
  const json = (kind: string) => (value: unknown) => ({
    text: JSON.stringify(value) ?? 'null',
    contentType: 'application/json',
    kind,
  });
  return fc.oneof(
    { arbitrary: valid.map(json('valid')), weight: 3 },
    { arbitrary: valid.chain(mutated).map(json('mutated')), weight: 8 },
    { arbitrary: oddJson.map(json('random json')), weight: 2 },
    {
      arbitrary: malformedJson.map((text) => ({ text, contentType: 'application/json', kind: 'malformed' })),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            null,
            'application/jsonx',
            'multipart/form-data',
          ),
        )
        .map(([value, contentType]) => ({
          text: JSON.stringify(value) ?? '{}',
          contentType,
          kind: 'wrong content type',
        })),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(
        {
          text: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
          contentType: 'application/json',
          kind: 'deep',
        },
        {
          text: JSON.stringify({ events: [], pad: 'x'.repeat(11 * 1024 * 1024) }),
          contentType: 'application/json',
          kind: 'over 10 MiB',
        },
        { text: JSON.stringify([bigStrings[2]]), contentType: 'application/json', kind: 'huge' },
      ),
      weight: 1,
    },
  );
}

/** Percent-encodes text for a URL, lone surrogates included (as the UTF-8 bytes of their code unit). */
export function encodeUrlText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/**
 * The start of a response's body: a server-sent event stream never ends, so only its first chunk is
 * read and the stream is then closed (as a client that disconnects).
 */
export async function bodyStart(response: Response, chars = 300): Promise<string> {
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    return (await response.text()).slice(0, chars);
  }
  const reader = response.body?.getReader();
  const first = await reader?.read();
  // Not awaited: the response may be a clone's twin, whose cancel settles only when both let go.
  reader?.cancel().catch(() => {});
  return new TextDecoder().decode(first?.value ?? new Uint8Array()).slice(0, chars);
}

/** The row count of every table: a refused request must leave each one as it was. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(
    db.engine === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  if (tables.length === 0) return {};
  const sql = tables
    .map((t) => `SELECT '${t.name}' AS name, count(*) AS n FROM ${t.name}`)
    .join(' UNION ALL ');
  const rows = await db.query<{ name: string; n: number | string }>(sql);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}

/** What a fuzz run saw, printed at its end: routes covered, cases run, statuses by class. */
export class FuzzStats {
  readonly routes = new Set<string>();
  cases = 0;
  readonly byClass: Record<string, number> = {};
  readonly byStatus: Record<string, number> = {};
  readonly failures: string[] = [];

  record(route: string, status: number): void {
    this.routes.add(route);
    this.cases += 1;
    const cls = `${Math.floor(status / 100)}xx`;
    this.byClass[cls] = (this.byClass[cls] ?? 0) + 1;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  /** `unit` names what `routes` counted (`routes`, or `kinds` for config documents). */
  summary(title: string, unit = 'routes'): string {
    const classes = Object.entries(this.byClass)
      .sort()
      .map(([cls, n]) => `${cls} ${n}`)
      .join(', ');
    const statuses = Object.entries(this.byStatus)
      .sort()
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    return `${title}: ${unit} ${this.routes.size}, cases ${this.cases}, statuses ${classes} (${statuses})`;
  }
}
