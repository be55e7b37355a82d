import type { Slo } from '../specs/index.ts';

/** Which kind of good event an SLO counts: answered without error, or answered under its threshold. */
export type SliKind = 'availability' | 'latency';

/** What the fleet needs of an SLO; a model `Slo` fits as is. */
export interface FleetSlo {
  name: string;
  service: string;
  /** `sli: latency` makes a latency SLO; anything else counts availability. */
  labels?: Record<string, string>;
}

/** A service's steady traffic, when nothing is wrong. */
export interface TrafficProfile {
  /** Mean request rate over a day. */
  requestsPerSecond: number;
  /** Share of requests failing on a normal day. */
  errorRatio: number;
  /** Share of requests slower than the latency threshold on a normal day. */
  slowRatio: number;
}

/**
 * The demo shop on a normal day. Baselines burn 0.05 of the budget, so budgets stay near 95 % until the
 * scripted outage: 0.0025 % errors on 99.95 % is 0.000025 / 0.0005 = 0.05; 0.005 % on 99.9 % is 0.05;
 * 0.05 % slow on 99 % is 0.05.
 */
export const trafficProfiles: Readonly<Record<string, TrafficProfile>> = {
  'api-gateway': { requestsPerSecond: 400, errorRatio: 0.000025, slowRatio: 0.0005 },
  auth: { requestsPerSecond: 220, errorRatio: 0.000025, slowRatio: 0.0005 },
  product: { requestsPerSecond: 260, errorRatio: 0.00005, slowRatio: 0.0005 },
  inventory: { requestsPerSecond: 300, errorRatio: 0.00005, slowRatio: 0.0005 },
  pricing: { requestsPerSecond: 280, errorRatio: 0.00005, slowRatio: 0.0005 },
  order: { requestsPerSecond: 45, errorRatio: 0.000025, slowRatio: 0.0005 },
  payment: { requestsPerSecond: 40, errorRatio: 0.000025, slowRatio: 0.0005 },
  notification: { requestsPerSecond: 60, errorRatio: 0.00005, slowRatio: 0.0005 },
  recommendation: { requestsPerSecond: 150, errorRatio: 0.00005, slowRatio: 0.0005 },
};

/** For services the demo does not know (a changed config): modest traffic, well within 99.9 %. */
export const defaultProfile: Readonly<TrafficProfile> = {
  requestsPerSecond: 20,
  errorRatio: 0.00005,
  slowRatio: 0.0005,
};

/** The traffic profile of a service, the default one when the demo does not know it. */
export function profileFor(service: string): TrafficProfile {
  return trafficProfiles[service] ?? defaultProfile;
}

/** The kind of an SLO, from its `sli` label. */
export function sliKindOf(slo: FleetSlo): SliKind {
  return slo.labels?.sli === 'latency' ? 'latency' : 'availability';
}

/** The SLOs of a model the fleet can feed: those whose indicator is pushed events. */
export function eventFedSlos(slos: readonly Slo[]): FleetSlo[] {
  return slos
    .filter((slo) => slo.indicator.kind === 'events')
    .map((slo) => ({ name: slo.name, service: slo.service, labels: slo.labels }));
}
