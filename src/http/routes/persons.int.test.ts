import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPagingApp, expectJson } from '../../testing/paging-fixtures.ts';
import type { TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
});
afterAll(() => t.close());

describe('GET /api/v1/persons', () => {
  it('lists the configured people with their teams and never their contacts', async () => {
    const response = await t.call('GET', '/api/v1/persons');
    const text = await response.clone().text();
    expect(await expectJson(response, 200)).toEqual({
      persons: [
        { name: 'alice', displayName: null, timeZone: 'UTC', teams: ['commerce'] },
        { name: 'bob', displayName: null, timeZone: 'UTC', teams: ['commerce'] },
        { name: 'carol', displayName: null, timeZone: 'UTC', teams: ['commerce'] },
      ],
    });
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('bob@example.test');
  });

  it('needs a token', async () => {
    expect((await t.call('GET', '/api/v1/persons', { token: '' })).status).toBe(401);
  });
});
