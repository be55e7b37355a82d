import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  it('never starts with "-", so an id can follow a CLI command (an id "-_QK…" was read as a flag)', () => {
    for (let i = 0; i < 2_000; i++) expect(newId()).toMatch(/^[0-9a-f]{24}$/);
    expect(newId(8)).toMatch(/^[0-9a-f]{16}$/);
  });
});
