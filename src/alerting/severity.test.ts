import { describe, expect, it } from 'vitest';
import { makeAlert } from '../testing/alerting-fixtures.ts';
import {
  defaultSeverity,
  fromSourceSeverity,
  isRecordOnly,
  notifiesTeamChannel,
  pages,
  severityHandling,
} from './severity.ts';

describe('fromSourceSeverity', () => {
  it('maps the documented sender words', () => {
    const words = ['critical', 'page', 'error', 'warning', 'info'];
    expect(words.map(fromSourceSeverity)).toEqual(['P1', 'P1', 'P2', 'P3', 'P4']);
  });

  it('takes an explicit P0..P4 as written, in any case', () => {
    expect(['P0', 'p1', ' P2 ', 'p3', 'P4'].map(fromSourceSeverity)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
  });

  it('reads unknown, odd-case and missing words sensibly', () => {
    expect(fromSourceSeverity('CRITICAL')).toBe('P1');
    expect(fromSourceSeverity('disaster')).toBe('P3');
    expect(fromSourceSeverity('P5')).toBe('P3');
    expect(fromSourceSeverity('constructor')).toBe('P3');
    expect(fromSourceSeverity(null)).toBe('P3');
  });
});

describe('defaultSeverity', () => {
  const slo = (sourceSeverity: string) => makeAlert({ source: 'slo', integration: null, sourceSeverity });

  it('pages SLO page alerts at P1, P0 on a tier-1 service', () => {
    expect(defaultSeverity(slo('page'), { tier: 2 })).toBe('P1');
    expect(defaultSeverity(slo('page'), { tier: null })).toBe('P1');
    expect(defaultSeverity(slo('page'), { tier: 1 })).toBe('P0');
  });

  it('makes SLO ticket and no-data alerts P3 whatever the tier', () => {
    expect(defaultSeverity(slo('ticket'), { tier: 1 })).toBe('P3');
    expect(defaultSeverity(slo('no_data'), { tier: 1 })).toBe('P3');
  });

  it('maps Alertmanager and PagerDuty severities through the table, ignoring tier', () => {
    expect(defaultSeverity(makeAlert({ sourceSeverity: 'critical' }), { tier: 1 })).toBe('P1');
    expect(defaultSeverity(makeAlert({ source: 'pagerduty', sourceSeverity: 'error' }), { tier: 1 })).toBe(
      'P2',
    );
    expect(defaultSeverity(makeAlert({ source: 'pagerduty', sourceSeverity: 'info' }), { tier: 3 })).toBe(
      'P4',
    );
  });
});

describe('severity handling', () => {
  it('pages P0–P2, tells the team channel at P3, only records P4', () => {
    const all = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
    expect(all.map(pages)).toEqual([true, true, true, false, false]);
    expect(all.map(notifiesTeamChannel)).toEqual([false, false, false, true, false]);
    expect(all.map(isRecordOnly)).toEqual([false, false, false, false, true]);
  });

  it('uses the response targets of seed 001 §3.4: immediately, 15 and 30 minutes', () => {
    expect(severityHandling.P0.respondWithinMs).toBe(0);
    expect(severityHandling.P1.respondWithinMs).toBe(900_000);
    expect(severityHandling.P2.respondWithinMs).toBe(1_800_000);
    expect(severityHandling.P3.respondWithinMs).toBeNull();
    expect(severityHandling.P2.whenUnacknowledged).toEqual({ afterMs: 1_200_000, action: 'ticket' });
  });
});
