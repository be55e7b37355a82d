import { describe, expect, it } from 'vitest';
import { makeIncident, ONSET_MS } from '../testing/incident-fixtures.ts';
import { applyPatch, patchedFields } from './apply-patch.ts';
import { draftDocument } from './document.ts';
import type { PostmortemRow } from './postmortem-row.ts';

const row = (status: PostmortemRow['status']): PostmortemRow => ({
  id: 2,
  incident_id: 7,
  status,
  required: true,
  required_reasons: [],
  title: 'API returned 500 errors',
  document: draftDocument({ incident: makeIncident(), impacts: [], timeline: [], nowMs: ONSET_MS }),
  services: ['api'],
  tags: [],
  failure_modes: [],
  created_ms: 0,
  updated_ms: 0,
  updated_by: 'nines',
  version: 1,
});

describe('applyPatch', () => {
  it('replaces only the sections given and keeps the computed impact', () => {
    const next = applyPatch(row('draft'), {
      version: 1,
      authors: ['alice'],
      document: { rootCause: 'No validation', impact: { usersAffected: '3 % of requests' } },
    });
    expect(next.document.rootCause).toBe('No validation');
    expect(next.document.header.authors).toEqual(['alice']);
    expect(next.document.header.commander).toBe('alice');
    expect(next.document.impact).toMatchObject({ usersAffected: '3 % of requests', durationMs: 27 * 60_000 });
    expect(next.document.whys).toHaveLength(5);
  });

  it('keeps a final document closed unless it goes back to review in the same edit', () => {
    expect(() => applyPatch(row('final'), { version: 1, document: { summary: 'x' } })).toThrow(/is final/);
    expect(applyPatch(row('final'), { version: 1, tags: ['dns'] }).tags).toEqual(['dns']);
    const reopened = applyPatch(row('final'), {
      version: 1,
      status: 'in_review',
      reason: 'new facts',
      document: { summary: 'x' },
    });
    expect([reopened.status, reopened.document.summary]).toEqual(['in_review', 'x']);
  });

  it('names the fields an edit touched, for the audit log', () => {
    expect(patchedFields({ version: 1, status: 'in_review', document: { summary: 'x', whys: [] } })).toEqual([
      'status',
      'document.summary',
      'document.whys',
    ]);
  });
});
