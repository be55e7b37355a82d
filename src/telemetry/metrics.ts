import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Nines' own metrics. Labels are bounded: route patterns, methods, status classes, kinds; never ids. */
export function createMetrics() {
  const registry = new Registry();
  // The event-loop lag histogram samples once a second: at prom-client's default (every 10 ms) the sampling
  // alone woke an idle server 100 times a second, most of its idle CPU (0.28 % of a core of 0.35 %).
  collectDefaultMetrics({
    register: registry,
    prefix: 'nines_process_',
    eventLoopMonitoringPrecision: 1_000,
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'nines_http_requests_total',
      help: 'HTTP requests served, by route pattern, method and status code class.',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'nines_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and method.',
      labelNames: ['route', 'method'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    evaluationDuration: new Histogram({
      name: 'nines_slo_evaluation_duration_seconds',
      help: 'Time to advance and evaluate every SLO in one tick (in memory).',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    sloCount: new Gauge({
      name: 'nines_slos',
      help: 'SLO instances being evaluated.',
      registers: [registry],
    }),
    eventsIngested: new Counter({
      name: 'nines_sli_events_ingested_total',
      help: 'Pushed SLI events durably accepted (duplicates of a stored batch are not counted).',
      registers: [registry],
    }),
    alertTransitions: new Counter({
      name: 'nines_slo_alert_transitions_total',
      help: 'SLO alert transitions, by severity and new state.',
      labelNames: ['severity', 'state'] as const,
      registers: [registry],
    }),
    sourceErrors: new Counter({
      name: 'nines_source_errors_total',
      help: 'Failed reads of SLI sources, by kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    configReloads: new Counter({
      name: 'nines_config_reloads_total',
      help: 'Config reload attempts, by result.',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
