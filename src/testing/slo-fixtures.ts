import { DAY_MS } from '../core/duration.ts';
import {
  DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO,
  DEFAULT_CATASTROPHIC_MIN_EVENTS,
  defaultCatastrophicCondition,
  defaultPageConditions,
  defaultTicketConditions,
  type Slo,
} from '../specs/index.ts';

/** An SLO for tests: 99.9 % over a rolling 30 days, occurrences, Workbook alert conditions. */
export function makeSlo(overrides: Partial<Slo> = {}): Slo {
  return {
    name: 'checkout-availability',
    service: 'checkout',
    objective: 99.9,
    window: { kind: 'rolling', durationMs: 30 * DAY_MS },
    budgeting: { method: 'occurrences' },
    indicator: { kind: 'events' },
    exclusions: [],
    alerting: {
      page: { enabled: true, conditions: [...defaultPageConditions] },
      ticket: { enabled: true, conditions: [...defaultTicketConditions] },
      catastrophic: {
        enabled: true,
        conditions: [{ ...defaultCatastrophicCondition }],
        minEvents: DEFAULT_CATASTROPHIC_MIN_EVENTS,
        minErrorRatio: DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO,
      },
      minEvents: 0,
      noDataAfterMs: 600_000,
      name: 'ErrorBudgetBurn',
      labels: {},
      annotations: {},
    },
    labels: {},
    origin: 'nines',
    source: { file: 'test.yaml', line: 1, col: 1 },
    ...overrides,
  };
}
