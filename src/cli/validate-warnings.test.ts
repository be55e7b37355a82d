import { describe, expect, it } from 'vitest';
import { command } from './validate.ts';

describe('nines validate', () => {
  it('prints warnings (a skipped Backstage kind) on stderr and still exits 0 for a valid directory', async () => {
    const dir = 'src/specs/fixtures/upstream/backstage-create-app';
    const out: string[] = [];
    const err: string[] = [];
    const code = await command.run({
      positionals: [dir],
      values: {},
      io: { out: (text) => out.push(text), err: (text) => err.push(text), env: {} },
    });
    expect(code).toBe(0);
    expect(out).toEqual([]);
    expect(err.slice(0, 2)).toEqual([
      `warning: ${dir}/ai-resources/frontend-design-skill.yaml:2:7: Backstage kind "AiResource" has nothing Nines reads: skipped`,
      `warning: ${dir}/environments/dev.yaml:2:7: Backstage kind "Environment" has nothing Nines reads: skipped`,
    ]);
    // The catalog's User "guest" has no e-mail: a page to them would reach nobody.
    expect(err[2]).toBe(
      `warning: ${dir}/org.yaml:6:9: Person "guest" has no contacts: pages to them reach nobody`,
    );
    expect(err.at(-1)).toMatch(/: valid \(1 teams, 2 services/);
  });
});
