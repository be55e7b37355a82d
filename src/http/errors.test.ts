import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../core/errors.ts';
import { statusOfCode } from './errors.ts';

describe('error codes', () => {
  it('documents every code in docs/errors.md with its status', () => {
    const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const missing = errorCodes.filter((code) => !docs.includes(`## \`${code}\``));
    expect(missing).toEqual([]);
    for (const code of errorCodes) {
      const section = docs.split(`## \`${code}\``)[1]?.split('\n## ')[0] ?? '';
      expect(section, code).toContain(`HTTP ${statusOfCode[code]}`);
    }
  });
});
