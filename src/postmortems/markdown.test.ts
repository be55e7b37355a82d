import { describe, expect, it } from 'vitest';
import { makeIncident, ONSET_MS } from '../testing/incident-fixtures.ts';
import { draftDocument } from './document.ts';
import { hoursMinutes, postmortemMarkdown } from './markdown.ts';
import type { ActionItemRow, PostmortemRow } from './postmortem-row.ts';

function postmortem(): PostmortemRow {
  const document = draftDocument({
    incident: makeIncident(),
    impacts: [
      {
        slo: 'api-availability',
        service: 'api',
        objective: 99,
        windowLabel: '30d',
        badEvents: 300,
        totalEvents: 10_000,
        windowTotalEvents: 100_000,
        consumedPercent: 30,
        remainingPercentAtEnd: 70,
        breached: false,
      },
    ],
    timeline: [
      {
        id: 'incident:1',
        atMs: ONSET_MS + 5 * 60_000,
        source: 'incident',
        kind: 'declared',
        actor: 'alice',
        details: { severity: 'SEV2' },
        corrects: null,
      },
    ],
    nowMs: ONSET_MS,
  });
  document.header.authors = ['alice', 'bob'];
  document.whys[0] = {
    why: 'Why did the API return 500 errors?',
    because: 'A bad configuration was deployed.',
  };
  document.rootCause = 'Config deploys lack validation.';
  document.wentWell = ['Fast rollback'];
  return {
    id: 3,
    incident_id: 7,
    status: 'in_review',
    required: true,
    required_reasons: ['severity:SEV2'],
    title: 'API returned 500 errors',
    document,
    services: ['api'],
    tags: ['config'],
    failure_modes: ['bad-config'],
    created_ms: ONSET_MS,
    updated_ms: ONSET_MS,
    updated_by: 'alice',
    version: 2,
  };
}

const item: ActionItemRow = {
  id: 11,
  postmortem_id: 3,
  title: 'Add config validation | lint',
  owner: 'alice',
  team: 'platform',
  due_ms: Date.parse('2026-03-26T00:00:00Z'),
  priority: 'P1',
  status: 'in_progress',
  tracker_url: 'https://tracker.example/T-1',
  created_ms: ONSET_MS,
  created_by: 'alice',
  completed_ms: null,
  overdue_notified: 0,
};

describe('postmortemMarkdown', () => {
  const markdown = postmortemMarkdown(postmortem(), [item]);

  it('opens with the template header block', () => {
    expect(markdown).toContain(
      [
        '- **Title:** API returned 500 errors',
        '- **Date:** 2026-03-02',
        '- **Authors:** alice, bob',
        '- **Status:** In Review',
        '- **Severity:** SEV2',
        '- **Duration:** 25 minutes',
        '- **IC:** alice',
      ].join('\n'),
    );
  });

  it('lays the sections out in the template order', () => {
    const order = [
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Root Cause Analysis (5 Whys)',
      '## Contributing Factors',
      '## What Went Well',
      '## What Could Be Better',
      '## Action Items',
      '## Lessons Learned',
    ].map((heading) => markdown.indexOf(heading));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
  });

  it('shows budget consumed, the UTC timeline, the whys and the action item table', () => {
    expect(markdown).toContain('- **SLO Impact:** Error budget consumed: api-availability 30.0%');
    expect(markdown).toContain('- 14:28 UTC  Incident declared as SEV2 (alice)');
    expect(markdown).toContain(
      '1. **Why did the API return 500 errors?**\n   → A bad configuration was deployed.',
    );
    expect(markdown).toContain('**ROOT CAUSE:** Config deploys lack validation.');
    expect(markdown).toContain('| # | Action Item | Owner | Due Date | Priority | Status |');
    expect(markdown).toContain(
      '| 1 | [Add config validation \\| lint](https://tracker.example/T-1) | @alice | 2026-03-26 | P1 | In Progress |',
    );
  });
});

describe('hoursMinutes', () => {
  it('words durations like the template', () => {
    expect(hoursMinutes(45 * 60_000)).toBe('45 minutes');
    expect(hoursMinutes(61 * 60_000)).toBe('1 hour 1 minute');
    expect(hoursMinutes(2 * 3_600_000)).toBe('2 hours');
  });
});
