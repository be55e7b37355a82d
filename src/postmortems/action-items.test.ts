import { describe, expect, it } from 'vitest';
import { emptyModel, type Model } from '../specs/index.ts';
import { makeTeam } from '../testing/alerting-fixtures.ts';
import { ownerAndTeam } from './action-item-owner.ts';
import { patchActionItem } from './action-items.ts';
import type { ActionItemRow } from './postmortem-row.ts';
import { dueSchema } from './schema.ts';

const source = { file: 't.yaml', line: 1, col: 1 };
const model: Model = {
  ...emptyModel(),
  persons: ['alice', 'dan'].map((name) => ({ name, timeZone: 'UTC', contacts: [], origin: 'nines', source })),
  teams: [makeTeam('platform', { members: ['alice'] })],
};

describe('ownerAndTeam', () => {
  it('takes a person and finds their team', () => {
    expect(ownerAndTeam(model, 'alice')).toEqual({ owner: 'alice', team: 'platform' });
    expect(ownerAndTeam(model, 'dan')).toEqual({ owner: 'dan', team: null });
  });

  it('refuses a team or an unknown name', () => {
    expect(() => ownerAndTeam(model, 'platform')).toThrow(
      /"platform" is a team: .*one owner, a person, not a team/,
    );
    expect(() => ownerAndTeam(model, 'zed')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

const item: ActionItemRow = {
  id: 1,
  postmortem_id: 1,
  title: 'Fix',
  owner: 'alice',
  team: 'platform',
  due_ms: 1_000,
  priority: 'P2',
  status: 'open',
  tracker_url: 'https://tracker.example/1',
  created_ms: 0,
  created_by: 'alice',
  completed_ms: null,
  overdue_notified: 0,
};

describe('patchActionItem', () => {
  it('stamps completion once when done and clears it when reopened', () => {
    const done = patchActionItem(item, { status: 'done' }, { nowMs: 500, model });
    expect(done.completed_ms).toBe(500);
    expect(
      patchActionItem(done, { status: 'done', priority: 'P1' }, { nowMs: 900, model }).completed_ms,
    ).toBe(500);
    expect(patchActionItem(done, { status: 'open' }, { nowMs: 900, model }).completed_ms).toBeNull();
    expect(patchActionItem(item, { status: 'wont_do' }, { nowMs: 900, model }).completed_ms).toBeNull();
  });

  it('moves the team with the owner and removes a tracker link on null', () => {
    expect(patchActionItem(item, { owner: 'dan', trackerUrl: null }, { nowMs: 0, model })).toMatchObject({
      owner: 'dan',
      team: null,
      tracker_url: null,
    });
  });
});

describe('dueSchema', () => {
  it('reads a date as the end of that day, UTC, and an instant as itself', () => {
    expect(dueSchema.parse('2026-03-31')).toBe(Date.parse('2026-03-31T23:59:59.999Z'));
    expect(dueSchema.parse('2026-03-31T17:00:00+02:00')).toBe(Date.parse('2026-03-31T15:00:00Z'));
  });

  it('refuses impossible dates and other text', () => {
    for (const text of ['2026-02-30', '31/03/2026', 'tomorrow'])
      expect(dueSchema.safeParse(text).success).toBe(false);
  });
});
