import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas, writeJsonSchemas } from './json-schemas.ts';

const committedDir = fileURLToPath(new URL('../../schemas/', import.meta.url));
const docsFile = fileURLToPath(new URL('../../docs/config-reference.md', import.meta.url));
const regenerate = `npx tsx -e "import('./src/specs/index.ts').then((m) => m.writeJsonSchemas('schemas'))"`;

describe('JSON Schemas', () => {
  const rendered = renderJsonSchemas();

  it('has one schema per nines.dev/v1 kind', () => {
    expect(Object.keys(rendered).sort()).toEqual([
      'alert-route.schema.json',
      'data-source.schema.json',
      'error-budget-policy.schema.json',
      'escalation-policy.schema.json',
      'freeze-window.schema.json',
      'incident-policy.schema.json',
      'integration.schema.json',
      'person.schema.json',
      'probe.schema.json',
      'rollout-plan.schema.json',
      'schedule.schema.json',
      'service.schema.json',
      'silence.schema.json',
      'slo.schema.json',
      'status-page.schema.json',
      'team.schema.json',
    ]);
  });

  it.each(Object.keys(rendered))('committed schemas/%s is up to date', async (name) => {
    const committed = await readFile(join(committedDir, name), 'utf8').catch(() => '(missing)');
    expect(committed, `schemas/${name} is stale; regenerate with: ${regenerate}`).toBe(rendered[name]);
  });

  it('describes what users may write: defaults optional, unknown fields refused', () => {
    const slo = JSON.parse(rendered['slo.schema.json'] as string);
    const spec = slo.properties.spec;
    expect(spec.required).toEqual(['service', 'objective', 'indicator']);
    expect(spec.properties.window.default).toBe('30d');
    expect(spec.additionalProperties).toBe(false);
    expect(slo.properties.kind.const).toBe('SLO');
  });

  it('writeJsonSchemas writes every file and returns their paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nines-schemas-'));
    try {
      const written = await writeJsonSchemas(join(dir, 'out'));
      expect(written.map((path) => path.slice(dir.length + 5)).sort()).toEqual(Object.keys(rendered).sort());
      expect(await readFile(join(dir, 'out', 'slo.schema.json'), 'utf8')).toBe(rendered['slo.schema.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Every property name a schema allows, at any depth. */
function propertyNames(schema: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, names);
  else if (typeof schema === 'object' && schema !== null) {
    const properties = (schema as { properties?: Record<string, unknown> }).properties;
    for (const name of Object.keys(properties ?? {})) names.add(name);
    for (const child of Object.values(schema)) propertyNames(child, names);
  }
  return names;
}

describe('docs/config-reference.md', () => {
  it('mentions every field of every kind', async () => {
    const docs = await readFile(docsFile, 'utf8');
    const missing = Object.values(renderJsonSchemas())
      .flatMap((text) => [...propertyNames(JSON.parse(text))])
      .filter((name, index, all) => all.indexOf(name) === index && !docs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
