import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigDir } from '../specs/index.ts';
import { demoSignInPerson } from './sign-in.ts';

const demoDir = fileURLToPath(new URL('../../examples/demo', import.meta.url));

describe('demoSignInPerson', () => {
  it('is whoever holds the weekly payments-primary turn (charlie, mallory, niaj from Monday 5 January 09:00 Paris)', async () => {
    const { model } = await loadConfigDir(demoDir);
    const at = (iso: string) => demoSignInPerson({ model, overrides: [], nowMs: Date.parse(iso) });
    // 09:00 Paris is 08:00 UTC in winter.
    expect(at('2026-01-05T08:00:00Z')).toBe('charlie');
    expect(at('2026-01-12T07:59:00Z')).toBe('charlie');
    expect(at('2026-01-12T08:00:00Z')).toBe('mallory');
    expect(at('2026-01-19T08:00:00Z')).toBe('niaj');
    expect(at('2026-01-26T08:00:00Z')).toBe('charlie');
  });

  it('follows an override, and falls back to the first person before the rotation starts', async () => {
    const { model } = await loadConfigDir(demoDir);
    const nowMs = Date.parse('2026-01-06T12:00:00Z');
    const override = { id: 'o1', person: 'judy', startMs: nowMs - 1, endMs: nowMs + 1, createdMs: 0 };
    expect(demoSignInPerson({ model, overrides: [override], nowMs })).toBe('judy');
    expect(demoSignInPerson({ model, overrides: [], nowMs: Date.parse('2025-12-01T00:00:00Z') })).toBe(
      model.persons[0]?.name,
    );
  });
});
