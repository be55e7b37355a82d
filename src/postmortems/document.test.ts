import { describe, expect, it } from 'vitest';
import { makeIncident, ONSET_MS } from '../testing/incident-fixtures.ts';
import { draftDocument } from './document.ts';

describe('draftDocument', () => {
  it('fills the header and impact from the incident and leaves the analysis to people', () => {
    const doc = draftDocument({
      incident: makeIncident(),
      impacts: [],
      timeline: [],
      nowMs: ONSET_MS + 3_600_000,
    });
    // Header duration is detection (14:25) to resolution (14:50): 25 min; impact is onset 14:23 to 14:50: 27 min.
    expect(doc.header).toEqual({
      date: '2026-03-02',
      authors: [],
      severity: 'SEV2',
      durationMs: 25 * 60_000,
      commander: 'alice',
    });
    expect(doc.impact.durationMs).toBe(27 * 60_000);
    expect(doc.impact.resolvedAt).toBe('2026-03-02T14:50:00.000Z');
    expect(doc.whys).toHaveLength(5);
    expect(doc.whys[0]).toEqual({ why: 'Why did this happen: API returned 500 errors?', because: '' });
    expect(doc.whys.slice(1).every((w) => w.why === '' && w.because === '')).toBe(true);
    expect([doc.contributingFactors, doc.wentWell, doc.couldBeBetter, doc.lessonsLearned]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it('runs an unresolved incident until now and notes data loss', () => {
    const incident = makeIncident({ resolved_ms: null, status: 'monitoring', data_loss: true, roles: {} });
    const doc = draftDocument({ incident, impacts: [], timeline: [], nowMs: ONSET_MS + 60 * 60_000 });
    expect(doc.impact.durationMs).toBe(60 * 60_000);
    expect(doc.impact.resolvedAt).toBeNull();
    expect(doc.header.commander).toBeNull();
    expect(doc.impact.dataImpact).toMatch(/data loss/i);
  });
});
