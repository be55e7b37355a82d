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

  it('sums every SLO of a service per month and turns the ratio into downtime minutes', () => {
    const [service] = serviceAvailability({
      services: ['api'],
      events: [
        // Two SLOs in October: (9,000 + 900) good of (10,000 + 1,000) = 0.9.
        { service: 'api', monthIndex: 0, good: 9_000, total: 10_000 },
        { service: 'api', monthIndex: 0, good: 900, total: 1_000 },
        { service: 'api', monthIndex: 1, good: 990, total: 1_000 },
        { service: 'web', monthIndex: 1, good: 0, total: 1_000 },
      ],
      months,
      nowMs: at('2026-11-11T00:00:00Z'),
    });
    expect(service?.months).toEqual([
      // October has 31 d = 44,640 min; 10 % of it = 4,464 min.
      { month: '2026-10', availability: 0.9, downtimeMinutes: expect.closeTo(4_464, 6), events: 11_000 },
      // Nov 1..11 = 10 d = 14,400 min; 1 % of it = 144 min.
      { month: '2026-11', availability: 0.99, downtimeMinutes: expect.closeTo(144, 6), events: 1_000 },
    ]);
    // Whole range: 10,890 / 12,000 = 0.9075; 9.25 % of 59,040 min = 5,461.2 min.
    expect(service?.availability).toBeCloseTo(0.9075, 10);
    expect(service?.downtimeMinutes).toBeCloseTo(5_461.2, 6);
  });

  it('counts downtime only up to now and leaves a service without events null', () => {
    const nowMs = at('2026-11-02T00:00:00Z');
    const [api, web] = serviceAvailability({
      services: ['api', 'web'],
      events: [{ service: 'api', monthIndex: 1, good: 500, total: 1_000 }],
      months,
      nowMs,
    });
    // Nov 1 00:00 -> Nov 2 00:00 elapsed: half of 1,440 min.
    expect(api?.months[1]?.downtimeMinutes).toBeCloseTo(720, 6);
    expect(api?.months[0]).toEqual({
      month: '2026-10',
      availability: null,
      downtimeMinutes: null,
      events: 0,
    });
    expect(web).toEqual({
      service: 'web',
      availability: null,
      downtimeMinutes: null,
      events: 0,
      months: [
        { month: '2026-10', availability: null, downtimeMinutes: null, events: 0 },
        { month: '2026-11', availability: null, downtimeMinutes: null, events: 0 },
      ],
    });
  });
});
