import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  coreCatalog,
  nines,
  type ServerProcess,
  scratchDir,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import { hasBinary, PROMTOOL_BIN } from '../../src/testing/prometheus.ts';

// The CLI as users and CI run it: exit codes 0 (ok), 1 (a problem to fix), 2 (usage).

const required = Boolean(process.env.CI || process.env.NINES_REQUIRE_COMPONENTS);
if (required && !hasBinary(PROMTOOL_BIN))
  throw new Error('promtool is required (apt-get install prometheus)');

const sloYaml = (name: string) => `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: ${name} }
spec: { service: api, objective: 99.5, indicator: { events: {} } }
`;

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

describe('nines CLI', () => {
  it('validate lists every problem as path:line:col and exits 1; a valid dir exits 0', async () => {
    const dir = writeConfig({
      'catalog.yaml': coreCatalog,
      'slo.yaml': sloYaml('a').replace('service: api', 'service: apy').replace('99.5', '120'),
    });
    const bad = await nines(['validate', dir]);
    expect(bad.code).toBe(1);
    const lines = bad.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${join(dir, 'slo.yaml')}:5:\\d+: .*`));
    expect(bad.stdout).toContain('unknown Service "apy"');

    const good = await nines([
      'validate',
      writeConfig({ 'catalog.yaml': coreCatalog, 'slo.yaml': sloYaml('a') }),
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout).toBe('');
  });

  it('exits 2 on usage errors and prints help with --help', async () => {
    expect((await nines(['validate'])).code).toBe(2);
    expect((await nines(['serve', '--no-such-flag'])).code).toBe(2);
    expect((await nines(['frobnicate'])).code).toBe(2);
    const help = await nines(['slo', 'status', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: nines slo status');
  });

  it.skipIf(!hasBinary(PROMTOOL_BIN))('rules prometheus prints rules that promtool accepts', async () => {
    const result = await nines(['rules', 'prometheus', 'src/specs/fixtures/valid']);
    expect(result.code).toBe(0);
    const file = join(scratchDir('rules'), 'rules.yml');
    writeFileSync(file, result.stdout);
    const { stdout } = await promisify(execFile)(PROMTOOL_BIN, ['check', 'rules', file]);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.stdout).toContain('alert: ErrorBudgetBurn');
  });

  it('serve refuses an invalid config; reload keeps the running one and applies a valid one', async () => {
    const dataDir = scratchDir('data');
    const broken = writeConfig({
      'catalog.yaml': coreCatalog,
      'slo.yaml': 'apiVersion: nines.dev/v1\nkind: SLO\nmetadata: { name: x }\nspec: {}\n',
    });
    const refused = await nines(['serve', '--config', broken, '--data-dir', dataDir, '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${join(broken, 'slo.yaml')}:4:`);

    const configDir = writeConfig({ 'catalog.yaml': coreCatalog, 'slo.yaml': sloYaml('first') });
    const { stdout: token } = await nines(['token', 'create', '--scopes', 'admin', '--data-dir', dataDir]);
    const server = await startServer({ configDir, dataDir });
    servers.push(server);
    const auth = { authorization: `Bearer ${token.trim()}` };
    const names = async () => {
      const response = await fetch(`${server.url}/api/v1/slos`, { headers: auth });
      return ((await response.json()) as { slos: Array<{ name: string }> }).slos.map((s) => s.name);
    };
    expect(await names()).toEqual(['first']);

    writeFileSync(
      join(configDir, 'slo.yaml'),
      `${sloYaml('first')}---\n${sloYaml('second').replace('service: api', 'service: nowhere')}`,
    );
    const rejected = await fetch(`${server.url}/api/v1/config/reload`, { method: 'POST', headers: auth });
    expect(rejected.status).toBe(422);
    const body = (await rejected.json()) as { error: { details: Array<{ path: string; message: string }> } };
    expect(body.error.details[0]?.message).toContain('unknown Service "nowhere"');
    expect(await names()).toEqual(['first']);

    // SIGHUP does the same as the API.
    writeFileSync(join(configDir, 'slo.yaml'), `${sloYaml('first')}---\n${sloYaml('second')}`);
    server.child.kill('SIGHUP');
    expect(await waitFor(async () => ((await names()).length === 2 ? names() : undefined))).toEqual([
      'first',
      'second',
    ]);

    const status = await nines(['slo', 'status', '--server', server.url, '--token', token.trim()]);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')[0]).toMatch(/^NAME\s+SERVICE\s+OBJECTIVE\s+SLI/);
    expect(status.stdout).toMatch(/first\s+api\s+99.5%\s+-\s+-\s+-\s+-\s+no_data/);
    const unauthorised = await nines(['slo', 'status', '--server', server.url, '--token', 'nines_wrong']);
    expect(unauthorised.code).toBe(1);
    expect(unauthorised.stderr).toContain('401');
  });
});
