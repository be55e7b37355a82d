import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { applyModel } from '../../src/engine/index.ts';
import { loadValidModel } from '../../src/main.ts';
import {
  FuzzStats,
  fuzzRuns,
  fuzzSeed,
  hugeString,
  mutated,
  nested,
  oddString,
  rowCounts,
} from '../../src/testing/fuzz.ts';
import { createTestApp, type TestApp } from '../../src/testing/test-app.ts';
import { testEngines } from '../../src/testing/test-engines.ts';

/**
 * Every config kind through `POST /api/v1/config/reload`: the valid fixture directory (every nines kind,
 * OpenSLO, Sloth, Backstage) with one file changed per case: a document mutated (wrong types, missing
 * and extra fields, NUL and lone surrogates, extreme numbers, huge and deeply nested values) or the text
 * broken (malformed YAML, alias bombs, NUL bytes). Properties: 200 or 422, never a 5xx; the server
 * answers /healthz; a refused reload keeps the running model and writes nothing.
 */
const RUNS = fuzzRuns(300);
const fixtures = fileURLToPath(new URL('../../src/specs/fixtures/valid', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const brokenText = fc.constantFrom(
  'kind: [',
  'apiVersion: nines.dev/v1\nkind: Service\nmetadata: { name: "a\u0000b" }\n',
  'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
  '\u0000\u0001\u0002',
  '---\n---\n---\n',
  `apiVersion: nines.dev/v1\nkind: Service\nmetadata: { name: x }\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  '!!binary |\n  AAEC\n',
  'apiVersion: nines.dev/v1\nkind: Service\nmetadata:\n  name: "\\ud800"\n',
  'apiVersion: nines.dev/v1\nkind: SLO\nmetadata: { name: s }\nspec: { objective: 1e308, window: 30d }\n',
);

describe.each(await testEngines())('config fuzzing on $name', (engine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  let dir: string;
  const stats = new FuzzStats();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nines-config-fuzz-'));
    cpSync(fixtures, dir, { recursive: true });
    const model = await loadValidModel(dir);
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({ model, openDb: async () => opened.db });
    t.stubs.reloadConfig = async () => applyModel({ ctx: t.ctx, model: await loadValidModel(dir) });
  });
  afterAll(async () => {
    console.log(stats.summary(`config fuzzing on ${engine.name}`, 'kinds (and text breakages)'));
    rmSync(dir, { recursive: true, force: true });
    await dispose?.();
  });

  it('reloads or refuses with 422, never 5xx, and a refused config changes nothing', {
    timeout: 600_000,
  }, async () => {
    const files = yamlFiles(dir);
    const originals = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
    const change = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(...files).chain((file) => {
          const documents = parseAllDocuments(originals.get(file) as string);
          const values = (Array.isArray(documents) ? documents : [documents]).map((d) => d.toJS() as unknown);
          return fc
            .nat({ max: values.length - 1 })
            .chain((i) => mutated(values[i]).map((doc) => ({ i, doc })))
            .map(({ i, doc }) => ({
              file,
              kind: `${(values[i] as { apiVersion?: string })?.apiVersion ?? (values[i] as { version?: string })?.version ?? '?'} ${(values[i] as { kind?: string })?.kind ?? 'document'}`,
              text: values.map((value, j) => stringify(j === i ? doc : value)).join('---\n'),
            }));
        }),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...files), brokenText)
          .map(([file, text]) => ({ file, kind: 'broken text', text })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...files), fc.oneof(oddString, hugeString, fc.constant(nested(200))))
          .map(([file, value]) => ({
            file,
            kind: 'odd name',
            text: stringify({
              apiVersion: 'nines.dev/v1',
              kind: 'Service',
              metadata: { name: value },
              spec: {},
            }),
          })),
      },
    );
    await fc.assert(
      fc.asyncProperty(change, async ({ file, kind, text }) => {
        const before = await rowCounts(t.db);
        const modelBefore = t.ctx.model;
        writeFileSync(file, text);
        try {
          const response = await t.call('POST', '/api/v1/config/reload', { token: t.tokens.admin });
          const where = `${kind} in ${relative(dir, file)} → ${response.status} ${(await response.text()).slice(0, 300)}\n${text.slice(0, 300)}`;
          stats.record(kind, response.status);
          expect([200, 422], where).toContain(response.status);
          expect((await t.app.request('/healthz')).status, where).toBe(200);
          if (response.status === 422) {
            expect(t.ctx.model, where).toBe(modelBefore);
            expect(await rowCounts(t.db), where).toEqual(before);
          }
        } finally {
          writeFileSync(file, originals.get(file) as string);
        }
      }),
      { numRuns: RUNS, seed: fuzzSeed(), endOnFailure: true },
    );
    // The untouched directory loads again.
    expect((await t.call('POST', '/api/v1/config/reload', { token: t.tokens.admin })).status).toBe(200);
  });
});
