import { afterEach, describe, expect, it } from 'vitest';
import { testEngines } from '../testing/test-engines.ts';
import { linkSigningSecret } from './server-secret.ts';

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

describe.each(await testEngines())('the link-signing secret on $name', (engine) => {
  it('is generated once and read back the same by every later call', async () => {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    const first = await linkSigningSecret(opened.db);
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(await linkSigningSecret(opened.db)).toBe(first);
  });
});
