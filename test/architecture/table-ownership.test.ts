import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlStatements, tablesOfSql } from './sql-tables.ts';

/** Every table and the one module that writes it and publishes the reads others need (docs/architecture.md). */
const OWNERS: Record<string, string> = {
  schema_migrations: 'storage',
  audit_log: 'storage',
  api_tokens: 'auth',
  sli_buckets: 'engine',
  slo_instances: 'engine',
  slo_alert_state: 'engine',
  slo_alerts: 'engine',
  ingest_batches: 'engine',
  source_cursors: 'engine',
  probe_results: 'engine',
  silences: 'alerting',
  schedule_overrides: 'oncall',
  alerts: 'paging',
  pages: 'paging',
  page_events: 'paging',
  deliveries: 'paging',
  server_secrets: 'paging',
  incidents: 'incidents',
  incident_events: 'incidents',
  status_updates: 'incidents',
  maintenances: 'status-page',
  component_overrides: 'status-page',
  postmortems: 'postmortems',
  action_items: 'postmortems',
  deploys: 'deploys',
  deploy_events: 'deploys',
  gate_overrides: 'gates',
  canary_analyses: 'analyses',
  canary_samples: 'analyses',
  rollouts: 'rollouts',
};

/** A read model: reads any table, writes none. */
const READ_MODELS = new Set(['reports', 'events']);
/** Adapters call module functions and hold no SQL. */
const ADAPTERS = new Set(['http', 'cli', 'jobs']);
/** Test helpers (all in src/testing/) may seed any table; they are not production code. */
const EXEMPT_DIRS = ['src/testing/'];

const root = join(import.meta.dirname, '..', '..');

function productionFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return productionFiles(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) return [];
    if (EXEMPT_DIRS.some((exempt) => path.startsWith(exempt))) return [];
    return [path];
  });
}

/** The module a file belongs to: its folder under src, or its own name at the top. */
const moduleOf = (path: string) => relative('src', path).split(sep)[0] as string;

/** Every way a production file breaks the table-ownership rule, one line each. */
function violations(): string[] {
  const found: string[] = [];
  for (const path of productionFiles('src')) {
    const module = moduleOf(path);
    for (const statement of sqlStatements(path, readFileSync(join(root, path), 'utf8'))) {
      const at = `${path}:${statement.line}`;
      const tables = [...statement.writes, ...statement.reads];
      if (ADAPTERS.has(module)) {
        found.push(`${at} runs SQL on ${tables.join(', ')} in an adapter`);
        continue;
      }
      for (const table of tables)
        if (!(table in OWNERS)) found.push(`${at} uses ${table}, which has no owner`);
      for (const table of statement.writes) {
        if (OWNERS[table] && OWNERS[table] !== module)
          found.push(`${at} writes ${table} (owner: ${OWNERS[table]})`);
      }
      if (READ_MODELS.has(module)) continue;
      for (const table of statement.reads) {
        if (OWNERS[table] && OWNERS[table] !== module)
          found.push(`${at} reads ${table} (owner: ${OWNERS[table]})`);
      }
    }
  }
  return found;
}

describe('table ownership', () => {
  it('finds the tables a statement reads and writes', () => {
    expect(
      tablesOfSql("SELECT * FROM pages p JOIN alerts a ON a.page_id = p.id WHERE status <> 'resolved'"),
    ).toEqual({ reads: ['alerts', 'pages'], writes: [] });
    expect(
      tablesOfSql('INSERT INTO alerts (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = excluded.id'),
    ).toEqual({ reads: [], writes: ['alerts'] });
    expect(tablesOfSql('UPDATE pages SET status = $2 FROM alerts WHERE pages.id = $1')).toEqual({
      reads: ['alerts'],
      writes: ['pages'],
    });
    expect(tablesOfSql('DELETE FROM silences WHERE end_ms < $1')).toEqual({
      reads: [],
      writes: ['silences'],
    });
    expect(
      tablesOfSql('WITH due AS (SELECT id FROM deliveries) SELECT * FROM due, unnest($1::int[]) AS u'),
    ).toEqual({ reads: ['deliveries'], writes: [] });
    expect(tablesOfSql('the page was resolved from the console')).toBeUndefined();
  });

  it('finds SQL in string and template literals, with its line', () => {
    const source = [
      "const a = 'SELECT id FROM silences';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: scanned source text with a placeholder in it
      'const b = `UPDATE pages SET status = ${status} WHERE id = $1`;',
      "const c = 'select the page';",
    ].join('\n');
    expect(sqlStatements('x.ts', source)).toEqual([
      { line: 1, reads: ['silences'], writes: [] },
      { line: 2, reads: [], writes: ['pages'] },
    ]);
  });

  it('gives every table created by a migration an owner', () => {
    const dirs = ['postgres', 'sqlite'].map((dialect) => join(root, 'src', 'storage', 'migrations', dialect));
    const created = dirs
      .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
      .filter((file) => file.endsWith('.sql'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map(
          (m) => m[1] as string,
        ),
      );
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((table) => !(table in OWNERS))).toEqual([]);
  });

  it('runs SQL only in the module that owns the table (read models read any), never in an adapter', () => {
    expect(violations()).toEqual([]);
  });
});
