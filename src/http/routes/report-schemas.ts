import { z } from '@hono/zod-openapi';
import { COMPLETION_TARGET_PERCENT } from '../../postmortems/index.ts';
import { MAX_PAGES_PER_12_HOURS, NOISIEST_ALERTS } from '../../reports/index.ts';
import { time } from '../api-schemas.ts';

const count = z.int().min(0);
const described = <S extends z.ZodType>(schema: S, description: string) => schema.openapi({ description });
const seconds = (description: string) =>
  described(z.number().nullable(), `${description} In seconds; null when none.`);
const percent = (description: string) => described(z.number().nullable(), `${description} Percent (0..100).`);
const month = z.string().openapi({ example: '2026-10' });
const nullableSeconds = (description: string) =>
  described(z.number().nullable(), `${description} Seconds; null when nothing was acknowledged.`);

/** GET /reports/oncall. */
export const oncallHealthSchema = z
  .object({
    from: time,
    to: time,
    totals: z.object({
      pages: described(count, 'P0–P2 pages created in [from, to).'),
      acknowledged: count,
      mttaSeconds: nullableSeconds('Mean time from page to acknowledgement (MTTA).'),
      escalationRate: described(
        z.number().nullable(),
        'Share of pages that escalated beyond the first level (0..1); null without pages.',
      ),
      pagesOutsideBusinessHours: described(
        count,
        'Pages that reached someone outside Mon–Fri 09:00–17:00 in their own time zone.',
      ),
      overloadedShifts: count,
    }),
    perPerson: described(
      z.array(
        z.object({
          person: z.string(),
          pages: described(count, 'Pages this person was notified for.'),
          outsideBusinessHours: count,
          acknowledged: described(count, 'Of those, acknowledged (by anyone) after they were notified.'),
          mttaSeconds: nullableSeconds('Mean time from their notification to acknowledgement.'),
        }),
      ),
      'Everyone notified or on call in the range, busiest first.',
    ),
    perShift: described(
      z.array(
        z.object({
          schedule: z.string(),
          person: z.string(),
          start: time,
          end: time,
          pages: described(count, 'Pages that notified the shift person during the shift.'),
          pagesPer12Hours: described(z.number(), 'Shifts of 12 hours or less count as 12 hours.'),
          overloaded: described(
            z.boolean(),
            `More than ${MAX_PAGES_PER_12_HOURS} pages per 12 hours of shift.`,
          ),
        }),
      ),
      'Final-schedule shifts (rotations and overrides) clipped to the range, in time order.',
    ),
    noisiestAlerts: described(
      z.array(z.object({ alertname: z.string(), service: z.string().nullable(), count })),
      `The ${NOISIEST_ALERTS} alert names (per service) seen most often in the range, suppressed ones included.`,
    ),
  })
  .openapi('OncallHealth');

const availability = {
  availability: described(
    z.number().nullable(),
    'Σgood / Σtotal over all SLOs of the service (0..1); null without events.',
  ),
  downtimeMinutes: described(
    z.number().nullable(),
    '(1 − availability) × the minutes with data (seed 001: "98.2 % uptime, 19.4 h downtime"); a minute without data is not downtime.',
  ),
  events: described(z.number(), 'Σtotal: the events counted.'),
  minutesWithData: described(z.number(), 'Minutes of the span in which any SLO of the service had events.'),
  coverage: described(
    z.number().nullable(),
    'minutesWithData / minutes of the span elapsed by now (0..1): how much of the period the figures cover; null when none has elapsed.',
  ),
};

const incidentFigures = z.object({
  total: described(count, 'Incidents declared in [from, to).'),
  open: described(count, 'Of those, not resolved yet.'),
  bySeverity: z.object({ SEV1: count, SEV2: count, SEV3: count, SEV4: count }),
  mttdSeconds: seconds('Mean time to detect: onset to detection.'),
  mttaSeconds: seconds(
    "Mean time to acknowledge: detection to the incident's acknowledgement, or its pages' first one.",
  ),
  mttrSeconds: seconds('Mean time to recover: detection to resolution, over resolved incidents.'),
  mtbfSeconds: seconds(
    'Mean time between failures: mean gap between consecutive onsets; null under 2 incidents.',
  ),
  byMonth: described(
    z.array(z.object({ month, incidents: count, mttrSeconds: seconds('MTTR.') })),
    'Per UTC month, by declaration time.',
  ),
});

/** GET /reports/reliability. */
export const reliabilitySchema = z
  .object({
    from: time,
    to: time,
    service: described(z.string().nullable(), 'The `service` filter, or null.'),
    generatedAt: time,
    services: described(
      z.array(
        z.object({
          service: z.string(),
          ...availability,
          months: described(
            z.array(z.object({ month, ...availability })),
            'UTC calendar months clipped to [from, to).',
          ),
        }),
      ),
      'Every service in the catalog or named by an SLO (or just `service`), by name.',
    ),
    incidents: incidentFigures,
    errorBudget: described(
      z.array(
        z.object({
          slo: z.string(),
          service: z.string(),
          consumedPercent: percent(
            'Sum over incidents of the share of the SLO window budget each consumed; may exceed 100.',
          ),
          incidents: described(
            count,
            'Incidents whose consumption could be measured (the window had events).',
          ),
        }),
      ),
      "Error budget consumed by the range's incidents, per SLO of their services (of `service` only when filtered), " +
        'each incident measured over [onset, resolution or now); most consumed first.',
    ),
    postmortems: z.object({
      total: described(count, "Postmortems of the range's incidents, required or not."),
      required: count,
      drafted: described(count, 'Required ones in draft or in review.'),
      final: described(count, 'Required ones final.'),
      completionPercent: percent('final / required.'),
    }),
    actionItems: z.object({
      total: count,
      done: count,
      doneWithinTarget: described(count, 'Done within `targetDays` of creation.'),
      open: described(count, 'Open or in progress.'),
      overdue: described(count, 'Open or in progress past their due date.'),
      wontDo: count,
      assessed: described(
        count,
        "Done within the target, or older than it (won't-do aside): the items the rate judges.",
      ),
      completionPercent: percent('doneWithinTarget / assessed.'),
      targetDays: described(z.number(), "The incident policy's action item target (default 30)."),
      targetPercent: described(z.number(), `Seed 000's goal: ${COMPLETION_TARGET_PERCENT}.`),
    }),
  })
  .openapi('ReliabilityReport');

const band = z.enum(['elite', 'high', 'medium', 'low']).nullable();

export const deliverySchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    environment: z.string(),
    services: z.array(z.string()),
    deploys: z.int(),
    deploymentFrequency: z.object({ succeeded: z.int(), perDay: z.number(), band }),
    leadTime: z.object({
      count: z.int(),
      medianSeconds: z.number().nullable(),
      p90Seconds: z.number().nullable(),
      band,
    }),
    changeFailureRate: z.object({ failed: z.int(), total: z.int(), rate: z.number().nullable(), band }),
    timeToRestore: z.object({ count: z.int(), medianSeconds: z.number().nullable(), band }),
  })
  .openapi('DeliveryReport');
