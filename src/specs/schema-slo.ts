import { z } from 'zod';
import { DAY_MS, HOUR_MS, MINUTE_MS, parseDuration } from '../core/duration.ts';
import { checkRrule, parseInstant, parseLocalAsUtc } from './exclusion-times.ts';
import { DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO, DEFAULT_CATASTROPHIC_MIN_EVENTS } from './model/slos.ts';
import {
  durationSchema,
  exactlyOneOf,
  isValidTimeZone,
  nameSchema,
  ninesDocumentSchema,
  timeZoneSchema,
} from './schema-common.ts';

/** A burn condition's short window is shorter than its long one (both already valid durations). */
function shortWindowFirst(value: { shortWindow: string; longWindow: string }, ctx: z.RefinementCtx): void {
  if ((parseDuration(value.shortWindow) ?? 0) >= (parseDuration(value.longWindow) ?? 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['shortWindow'],
      message: 'shortWindow must be shorter than longWindow',
    });
  }
}

/** The `{{.window}}` placeholder every Nines query carries (Go template spacing allowed). */
export const windowPlaceholder = /\{\{\s*\.window\s*\}\}/;

/** Rolling windows span 1d..366d: shorter ones cannot hold the burn windows, longer ones outlive retention. */
export function isValidRollingMs(ms: number): boolean {
  return ms >= DAY_MS && ms <= 366 * DAY_MS;
}

/** Slices are whole minutes that tile an hour, so slice boundaries line up with clock hours. */
export function isValidSliceMs(ms: number): boolean {
  return ms >= MINUTE_MS && ms <= HOUR_MS && ms % MINUTE_MS === 0 && HOUR_MS % ms === 0;
}

const rollingDurationSchema = durationSchema.refine(
  (text) => isValidRollingMs(parseDuration(text) ?? 0),
  'a rolling window must be between 1d and 366d',
);

const windowSchema = z.union(
  [
    rollingDurationSchema,
    z
      .strictObject({
        rolling: rollingDurationSchema.optional().meta({ description: 'Rolling window length.' }),
        calendar: z
          .enum(['week', 'month', 'quarter'])
          .optional()
          .meta({ description: 'Calendar-aligned window.' }),
        timeZone: timeZoneSchema
          .optional()
          .meta({ description: 'Zone of calendar boundaries.', default: 'UTC' }),
      })
      .check(exactlyOneOf(['rolling', 'calendar']))
      .superRefine((value, ctx) => {
        if (value.rolling !== undefined && value.timeZone !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['timeZone'],
            message: 'timeZone applies only to calendar windows',
          });
        }
      }),
  ],
  { error: 'expected a duration such as 30d, {rolling: 28d} or {calendar: month, timeZone: UTC}' },
);

const sliceSchema = durationSchema.refine(
  (text) => isValidSliceMs(parseDuration(text) ?? 0),
  'slice must be whole minutes from 1m to 1h that divide 1h (1m, 2m, 5m, 10m, 15m, 30m, 1h, ...)',
);

const budgetingSchema = z.union(
  [
    z.literal('occurrences'),
    z.strictObject({
      timeslices: z.strictObject({
        slice: sliceSchema.meta({ description: 'Length of one slice (1m..1h, dividing 1h).' }),
        target: z
          .number()
          .gt(0, 'target must be above 0')
          .max(100, 'target must be at most 100')
          .meta({ description: 'Percent of good events a slice needs to count as good.' }),
      }),
    }),
  ],
  { error: 'expected occurrences or {timeslices: {slice: 5m, target: 95}}' },
);

const querySchema = z
  .string()
  .regex(windowPlaceholder, 'query must contain {{.window}} (replaced by the range to read, e.g. 5m)');
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const labelNameSchema = z.string().regex(labelNamePattern, 'expected a Prometheus label name');

const prometheusIndicatorSchema = z
  .strictObject({
    source: nameSchema.default('default').meta({ description: 'DataSource name.' }),
    errorQuery: querySchema.optional().meta({ description: 'Bad events over {{.window}}.' }),
    goodQuery: querySchema.optional().meta({ description: 'Good events over {{.window}}.' }),
    totalQuery: querySchema.meta({ description: 'All events over {{.window}}.' }),
    groupBy: z
      .array(labelNameSchema)
      .default([])
      .meta({ description: 'Labels splitting this spec into one SLO per label-value combination.' }),
  })
  .check(exactlyOneOf(['errorQuery', 'goodQuery']));

const indicatorSchema = z
  .strictObject({
    prometheus: prometheusIndicatorSchema.optional().meta({ description: 'Event counts from Prometheus.' }),
    probe: nameSchema.optional().meta({ description: 'Name of a Probe whose runs are the events.' }),
    events: z.strictObject({}).nullable().optional().meta({ description: 'Events pushed to the Nines API.' }),
  })
  .check(exactlyOneOf(['prometheus', 'probe', 'events']));

export const exclusionSchema = z
  .strictObject({
    name: z.string().min(1).optional().meta({ description: 'Label shown on charts.' }),
    start: z.string().meta({ description: 'Start (with Z/offset; for rrule, local time in timeZone).' }),
    end: z.string().optional().meta({ description: 'End of a one-off exclusion (with Z/offset).' }),
    rrule: z.string().optional().meta({ description: 'RFC 5545 RRULE for recurring exclusions.' }),
    duration: durationSchema.optional().meta({ description: 'Length of each recurring occurrence.' }),
    timeZone: timeZoneSchema.optional().meta({ description: 'Zone the rrule runs in.', default: 'UTC' }),
  })
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string, at?: 'key') =>
      ctx.addIssue({ code: 'custom', path: at ? [] : [path], message, params: at ? { at } : undefined });
    if (value.rrule === undefined) {
      if (value.end === undefined)
        issue('end', 'a one-off exclusion needs end (or rrule and duration)', 'key');
      if (value.duration !== undefined) issue('duration', 'duration applies only with rrule; use end');
      if (value.timeZone !== undefined)
        issue('timeZone', 'timeZone applies only with rrule; write Z or an offset');
      const start = parseInstant(value.start);
      if (start === undefined)
        issue('start', 'expected a date-time with Z or an offset, e.g. 2026-11-01T02:00:00Z');
      const end = value.end === undefined ? undefined : parseInstant(value.end);
      if (value.end !== undefined && end === undefined) {
        issue('end', 'expected a date-time with Z or an offset, e.g. 2026-11-01T04:00:00Z');
      } else if (start !== undefined && end !== undefined && end <= start) {
        issue('end', 'end must be after start');
      }
      return;
    }
    if (value.end !== undefined) issue('end', 'a recurring exclusion uses duration, not end');
    if (value.duration === undefined) issue('duration', 'a recurring exclusion needs duration', 'key');
    const wall = parseInstant(value.start) ?? parseLocalAsUtc(value.start);
    if (wall === undefined) issue('start', 'expected a date-time such as 2026-01-04T02:00:00');
    const zoneOk = value.timeZone === undefined || isValidTimeZone(value.timeZone);
    const ruleProblem = wall === undefined || !zoneOk ? undefined : checkRrule(value.rrule, wall);
    if (ruleProblem) issue('rrule', ruleProblem);
  });

/** The burn-rate windows the engine keeps; conditions must use these. */
export const burnWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
const burnWindowSchema = z.enum(burnWindows, {
  error: `must be one of ${burnWindows.join(', ')} (the windows the engine keeps)`,
});

const burnConditionSchema = z
  .strictObject({
    longWindow: burnWindowSchema.meta({ description: 'Long window of the condition.' }),
    shortWindow: burnWindowSchema.meta({ description: 'Short window; must be shorter than longWindow.' }),
    burnRate: z
      .number()
      .gt(0, 'burnRate must be above 0')
      .meta({ description: 'Used as written (not scaled).' }),
  })
  .superRefine(shortWindowFirst);

const alertTierSchema = z.strictObject({
  enabled: z.boolean().default(true).meta({ description: 'Whether this tier alerts.' }),
  conditions: z
    .array(burnConditionSchema)
    .min(1)
    .optional()
    .meta({ description: 'Burn conditions; workbook defaults scaled to the SLO window when absent.' }),
});

/** The catastrophic tier is fast: the newest minute (kept in the 1-minute ring) up to an hour. */
export const catastrophicWindows = ['1m', '5m', '30m', '1h'] as const;
const catastrophicWindowSchema = z.enum(catastrophicWindows, {
  error: `must be one of ${catastrophicWindows.join(', ')} (the windows the engine keeps)`,
});

const catastrophicSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: 'Whether a near-total outage pages early.' }),
    longWindow: catastrophicWindowSchema.default('5m').meta({ description: 'Long window.' }),
    shortWindow: catastrophicWindowSchema
      .default('1m')
      .meta({ description: 'Short window (1m: the newest, partial minute); shorter than longWindow.' }),
    burnRate: z
      .number()
      .gt(0, 'burnRate must be above 0')
      .optional()
      .meta({ description: 'Used as written; default 30 (30-day scale) scaled to the SLO window.' }),
    minEvents: z
      .int()
      .min(0)
      .default(DEFAULT_CATASTROPHIC_MIN_EVENTS)
      .meta({ description: 'No catastrophic page while the long window has fewer events.' }),
    minErrorRatio: z
      .number()
      .gt(0, 'minErrorRatio must be above 0')
      .max(1, 'minErrorRatio is a share of events, at most 1')
      .default(DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO)
      .meta({ description: 'Share (0..1] of the short window that must fail: near-total only.' }),
  })
  .superRefine(shortWindowFirst);

const promLabels = z.record(
  z.string().regex(labelNamePattern, 'expected a Prometheus label name'),
  z.string(),
);

/** Alerting of one SLO; exported so imported formats share its defaults. */
export const alertingSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a Prometheus alert name')
    .default('ErrorBudgetBurn')
    .meta({ description: 'Alert name in exported Prometheus rules.' }),
  labels: promLabels.default({}).meta({ description: 'Labels added to alerts.' }),
  annotations: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: 'Annotations added to alerts.' }),
  minEvents: z
    .int()
    .min(0)
    .default(0)
    .meta({ description: 'No alert while the long window has fewer events.' }),
  noDataAfter: durationSchema.default('10m').meta({ description: 'Alert after this long without data.' }),
  page: alertTierSchema.prefault({}).meta({ description: 'Fast-burn alerts that page.' }),
  ticket: alertTierSchema.prefault({}).meta({ description: 'Slow-burn alerts that open a ticket.' }),
  catastrophic: catastrophicSchema
    .prefault({})
    .meta({ description: 'Near-total outage: pages within seconds, after ~0.35 % of the budget.' }),
});

/**
 * The lowest objective accepted, in percent. Below it an objective is almost always a ratio written where
 * a percent belongs (`objective: 0.995` meaning 99.5 %), which would make every SLO look healthy.
 */
export const MIN_OBJECTIVE_PERCENT = 50;

/** A percent-valued objective field (`objective`, OpenSLO `targetPercent`): from 50 to below 100. */
export function objectivePercentSchema(field: string) {
  return z
    .number()
    .gte(MIN_OBJECTIVE_PERCENT, { error: (issue) => lowObjectiveMessage(field, issue.input as number) })
    .lt(100, `${field} is a percent below 100 (e.g. 99.9)`);
}

function lowObjectiveMessage(field: string, value: number): string {
  const floor = `below the ${MIN_OBJECTIVE_PERCENT} % floor`;
  if (value > 0 && value < 1) {
    const guess = Math.round(value * 100 * 1e10) / 1e10;
    return `${field} is a percent: ${value} means ${value} %, ${floor}; did you mean ${guess}?`;
  }
  return `${field} is a percent: ${value} % is ${floor} (e.g. 99.9)`;
}

/** Spec of an `SLO`: an objective for one service over a window. */
export const sloSpecSchema = z.strictObject({
  service: nameSchema.meta({ description: 'Name of the Service (required).' }),
  description: z.string().optional().meta({ description: 'What the objective promises.' }),
  objective: objectivePercentSchema('objective').meta({
    description: `Percent of good events, e.g. 99.9 (${MIN_OBJECTIVE_PERCENT} or more, below 100).`,
  }),
  window: windowSchema.default('30d').meta({ description: 'Rolling duration or calendar window.' }),
  budgeting: budgetingSchema.default('occurrences').meta({ description: 'occurrences or timeslices.' }),
  indicator: indicatorSchema.meta({ description: 'Exactly one of prometheus, probe, events.' }),
  exclusions: z.array(exclusionSchema).default([]).meta({ description: 'Periods that do not count.' }),
  alerting: alertingSchema.prefault({}).meta({ description: 'Burn-rate and no-data alerting.' }),
  policy: nameSchema.optional().meta({ description: 'ErrorBudgetPolicy name.' }),
});

export const sloDocumentSchema = ninesDocumentSchema('SLO', sloSpecSchema);

export type SloSpec = z.output<typeof sloSpecSchema>;
