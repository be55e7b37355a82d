import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../incidents/index.ts';
import { timelineLines } from './timeline-text.ts';

const T = Date.parse('2026-03-02T14:23:00Z');
const MIN = 60_000;

function entry(id: string, minute: number, kind: string, more: Partial<TimelineEntry> = {}): TimelineEntry {
  const source = id.startsWith('page') ? 'page' : id.startsWith('delivery') ? 'delivery' : 'incident';
  return { id, atMs: T + minute * MIN, source, kind, actor: 'alice', details: {}, corrects: null, ...more };
}

describe('timelineLines', () => {
  it('writes one readable UTC line per entry that matters and drops routine deliveries', () => {
    const lines = timelineLines([
      entry('page:1', 0, 'page.triggered', {
        actor: 'nines',
        details: { page: 4, summary: 'API error rate > 5%' },
      }),
      entry('delivery:1', 0, 'notification.sent', { actor: 'nines', details: { recipient: 'person:alice' } }),
      entry('page:2', 2, 'page.acknowledged', { details: { page: 4 } }),
      entry('incident:1', 5, 'declared', { details: { severity: 'SEV2' } }),
      entry('incident:2', 12, 'severity_changed', { details: { from: 'SEV3', to: 'SEV2' } }),
      entry('incident:3', 13, 'role_assigned', { details: { role: 'commander', person: 'alice' } }),
      entry('delivery:2', 14, 'notification.failed', {
        actor: 'nines',
        details: { recipient: 'person:bob', channel: 'email', error: 'SMTP 550' },
      }),
      entry('incident:4', 27, 'status_changed', { details: { from: 'monitoring', to: 'resolved' } }),
    ]);
    expect(lines.map((l) => [l.at.slice(11, 16), l.text])).toEqual([
      ['14:23', 'Page 4 triggered: API error rate > 5%'],
      ['14:25', 'Page 4 acknowledged (alice)'],
      ['14:28', 'Incident declared as SEV2 (alice)'],
      ['14:35', 'Severity changed from SEV3 to SEV2 (alice)'],
      ['14:36', 'alice assigned as commander (alice)'],
      ['14:37', 'Notification to person:bob over email failed: SMTP 550'],
      ['14:50', 'Status changed to resolved (alice)'],
    ]);
  });

  it('shows a correction on the line it corrects, not as a line of its own', () => {
    const lines = timelineLines([
      entry('incident:1', 0, 'note', { details: { text: 'Rolled back v41' } }),
      entry('incident:2', 9, 'correction', {
        actor: 'bob',
        details: { text: 'it was v42' },
        corrects: 'incident:1',
      }),
    ]);
    expect(lines).toEqual([
      {
        at: '2026-03-02T14:23:00.000Z',
        text: 'Note (alice): Rolled back v41 [corrected by bob: it was v42]',
        entry: 'incident:1',
      },
    ]);
  });
});
