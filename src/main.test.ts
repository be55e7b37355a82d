import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadValidModel } from './main.ts';
import { baseConfig } from './testing/specs-fixtures.ts';

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nines-warn-'));
  writeFileSync(join(dir, 'base.yaml'), baseConfig);
  writeFileSync(
    join(dir, 'people.yaml'),
    `apiVersion: nines.dev/v1
kind: Person
metadata: { name: ana }
spec:
  contacts:
    - email: ana@example.com
`,
  );
  return dir;
}

function capture() {
  const lines: string[] = [];
  return {
    lines,
    logger: { warn: (fields: { at: string }, message: string) => lines.push(`${fields.at}: ${message}`) },
  };
}

describe('loadValidModel', () => {
  // The server loads through here at start and on every reload; `serve` used to warn at start only.
  it('logs a person a page could not reach on every load, and not once SMTP is configured', async () => {
    const dir = configDir();
    const withoutSmtp = capture();
    await loadValidModel(dir, withoutSmtp.logger as never, { smtpConfigured: false });
    expect(withoutSmtp.lines).toHaveLength(2);
    expect(withoutSmtp.lines.join('\n')).toMatch(
      /people\.yaml:\d+:\d+: Person "ana" can be reached only by e-mail/,
    );
    expect(withoutSmtp.lines.join('\n')).toMatch(/base\.yaml:\d+:\d+: Team "payments" has no contacts/);
    const withSmtp = capture();
    await loadValidModel(dir, withSmtp.logger as never, { smtpConfigured: true });
    expect(withSmtp.lines).toEqual([expect.stringMatching(/Team "payments" has no contacts/)]);
  });
});
