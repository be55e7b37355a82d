import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../core/duration.ts';
import {
  incidentFigures,
  meanSeconds,
  monthSpans,
  mtbfSeconds,
  type ReliabilityIncident,
  serviceAvailability,
} from './reliability.ts';

const at = (iso: string): number => Date.parse(iso);

describe('monthSpans', () => {
  it('splits a range at UTC month starts, clipping the first and last month', () => {
    const spans = monthSpans(at('2026-10-15T00:00:00Z'), at('2026-12-03T12:00:00Z'));
    expect(spans).toEqual([
      { month: '2026-10', startMs: at('2026-10-15T00:00:00Z'), endMs: at('2026-11-01T00:00:00Z') },
      { month: '2026-11', startMs: at('2026-11-01T00:00:00Z'), endMs: at('2026-12-01T00:00:00Z') },
      { month: '2026-12', startMs: at('2026-12-01T00:00:00Z'), endMs: at('2026-12-03T12:00:00Z') },
    ]);
  });

  it('crosses a year end and keeps a range inside one month whole', () => {
    const spans = monthSpans(at('2026-12-31T23:00:00Z'), at('2027-01-01T01:00:00Z'));
    expect(spans.map((span) => span.month)).toEqual(['2026-12', '2027-01']);
    expect(monthSpans(at('2026-02-02T00:00:00Z'), at('2026-02-03T00:00:00Z'))).toHaveLength(1);
  });
});

describe('meanSeconds and mtbfSeconds', () => {
  it('averages durations in seconds, null with nothing to average', () => {
    // (60 s + 180 s) / 2 = 120 s
    expect(meanSeconds([60_000, 180_000])).toBe(120);
    expect(meanSeconds([])).toBeNull();
  });

  it('takes the mean gap between consecutive onsets, whatever their order', () => {
    // Onsets at 0, 6 d and 10 d: gaps 6 d and 4 d -> 5 d = 432,000 s.
    expect(mtbfSeconds([10 * DAY_MS, 0, 6 * DAY_MS])).toBe(432_000);
    expect(mtbfSeconds([DAY_MS])).toBeNull();
    expect(mtbfSeconds([])).toBeNull();
  });
});

describe('incidentFigures', () => {
  const octStart = at('2026-10-01T00:00:00Z');
  const months = monthSpans(octStart, at('2026-12-01T00:00:00Z'));
  function incident(partial: Partial<ReliabilityIncident> & { startedMs: number }): ReliabilityIncident {
    return {
      severity: 'SEV2',
      detectedMs: partial.startedMs,
      declaredMs: partial.startedMs,
      acknowledgedMs: null,
      resolvedMs: null,
      ...partial,
    };
  }

  it('counts by severity and averages detection, acknowledgement, repair and the gaps between onsets', () => {
    const a = octStart + DAY_MS;
    const b = octStart + 7 * DAY_MS;
    const c = at('2026-11-01T00:00:00Z');
    const figures = incidentFigures(
      [
        // Detected after 4 min, acknowledged 2 min later, resolved 40 min after detection.
        incident({
          severity: 'SEV1',
          startedMs: a,
          detectedMs: a + 4 * MINUTE_MS,
          declaredMs: a + 5 * MINUTE_MS,
          acknowledgedMs: a + 6 * MINUTE_MS,
          resolvedMs: a + 44 * MINUTE_MS,
        }),
        // Detected after 10 min, acknowledged 6 min later, resolved 20 min after detection.
        incident({
          startedMs: b,
          detectedMs: b + 10 * MINUTE_MS,
          acknowledgedMs: b + 16 * MINUTE_MS,
          resolvedMs: b + 30 * MINUTE_MS,
        }),
        // Still open and never acknowledged; detected at once.
        incident({ severity: 'SEV4', startedMs: c }),
      ],
      months,
    );
    expect(figures).toEqual({
      total: 3,
      open: 1,
      bySeverity: { SEV1: 1, SEV2: 1, SEV3: 0, SEV4: 1 },
      // (4 + 10 + 0) min / 3 = 280 s
      mttdSeconds: 280,
      // (2 + 6) min / 2 = 4 min
      mttaSeconds: 240,
      // (40 + 20) min / 2 = 30 min
      mttrSeconds: 1800,
      // Gaps: 6 d (Oct 2 -> Oct 8) and 24 d (Oct 8 -> Nov 1): 15 d = 1,296,000 s.
      mtbfSeconds: 1_296_000,
      byMonth: [
        { month: '2026-10', incidents: 2, mttrSeconds: 1800 },
        { month: '2026-11', incidents: 1, mttrSeconds: null },
      ],
    });
  });

  it('reports nulls, not zeros, without incidents', () => {
    const figures = incidentFigures([], months);
    expect(figures.mttdSeconds).toBeNull();
    expect(figures.mtbfSeconds).toBeNull();
    expect(figures.byMonth).toEqual([
      { month: '2026-10', incidents: 0, mttrSeconds: null },
      { month: '2026-11', incidents: 0, mttrSeconds: null },
    ]);
  });
});

describe('serviceAvailability', () => {
  const months = monthSpans(at('2026-10-01T00:00:00Z'), at('2026-11-11T00:00:00Z'));

  it('turns the ratio into downtime over the minutes with data, per month and over the range', () => {
    const [service] = serviceAvailability({
      services: ['api'],
      events: [
        // October: 9,900 good of 11,000 = 0.9, in 1,440 minutes with data (one day).
        { service: 'api', monthIndex: 0, good: 9_900, total: 11_000, minutes: 1_440 },
        { service: 'api', monthIndex: 1, good: 990, total: 1_000, minutes: 100 },
        { service: 'web', monthIndex: 1, good: 0, total: 1_000, minutes: 10 },
      ],
      months,
      nowMs: at('2026-11-11T00:00:00Z'),
    });
    expect(service?.months).toEqual([
      // 10 % of 1,440 min = 144 min; October has 31 d = 44,640 min, of which 1,440 had data.
      {
        month: '2026-10',
        availability: 0.9,
        downtimeMinutes: expect.closeTo(144, 6),
        events: 11_000,
        minutesWithData: 1_440,
        coverage: expect.closeTo(1_440 / 44_640, 12),
      },
      // 1 % of 100 min = 1 min; Nov 1..11 = 10 d = 14,400 min.
      {
        month: '2026-11',
        availability: 0.99,
        downtimeMinutes: expect.closeTo(1, 6),
        events: 1_000,
        minutesWithData: 100,
        coverage: expect.closeTo(100 / 14_400, 12),
      },
    ]);
    // Whole range: 10,890 / 12,000 = 0.9075; 9.25 % of 1,540 min = 142.45 min; 1,540 of 59,040 min.
    expect(service?.availability).toBeCloseTo(0.9075, 10);
    expect(service?.downtimeMinutes).toBeCloseTo(142.45, 6);
    expect(service?.minutesWithData).toBe(1_540);
    expect(service?.coverage).toBeCloseTo(1_540 / 59_040, 12);
  });

  it('counts no downtime for the minutes without data: a service that existed for 6 minutes of 30 days', () => {
    // November: 30 d = 43,200 min, but the service sent data in only 6 of them: four minutes all good
    // (100 of 100), one half good (50 of 100), one all bad (0 of 100).
    const november = monthSpans(at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'));
    const [service] = serviceAvailability({
      services: ['checkout'],
      events: [{ service: 'checkout', monthIndex: 0, good: 450, total: 600, minutes: 6 }],
      months: november,
      nowMs: at('2026-12-01T00:00:00Z'),
    });
    // 450 / 600 = 0.75; 25 % of the 6 minutes with data = 1.5 min (not 25 % of 43,200 = 10,800 min);
    // 6 of 43,200 minutes had data.
    const expected = {
      availability: 0.75,
      downtimeMinutes: expect.closeTo(1.5, 10),
      events: 600,
      minutesWithData: 6,
      coverage: expect.closeTo(6 / 43_200, 12),
    };
    expect(service).toEqual({
      service: 'checkout',
      ...expected,
      months: [{ month: '2026-11', ...expected }],
    });
  });

  it('measures coverage up to now and leaves a service without events null', () => {
    const nowMs = at('2026-11-02T00:00:00Z');
    const [api, web] = serviceAvailability({
      services: ['api', 'web'],
      events: [{ service: 'api', monthIndex: 1, good: 500, total: 1_000, minutes: 60 }],
      months,
      nowMs,
    });
    // Half of 60 minutes with data; Nov 1 00:00 -> Nov 2 00:00 elapsed: 60 of 1,440 min.
    expect(api?.months[1]).toEqual({
      month: '2026-11',
      availability: 0.5,
      downtimeMinutes: 30,
      events: 1_000,
      minutesWithData: 60,
      coverage: expect.closeTo(60 / 1_440, 12),
    });
    const none = { availability: null, downtimeMinutes: null, events: 0, minutesWithData: 0, coverage: 0 };
    expect(api?.months[0]).toEqual({ month: '2026-10', ...none });
    expect(web).toEqual({
      service: 'web',
      ...none,
      months: [
        { month: '2026-10', ...none },
        { month: '2026-11', ...none },
      ],
    });
    // Before a month starts nothing of it has elapsed: no coverage to speak of.
    const [early] = serviceAvailability({
      services: ['web'],
      events: [],
      months,
      nowMs: at('2026-10-01T00:00:00Z'),
    });
    expect(early?.months[1]?.coverage).toBeNull();
  });
});
