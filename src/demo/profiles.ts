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
 * The demo shop on a normal day. Baselines burn 0.3-0.4 of the budget: 0.02 % errors on 99.95 %
 * is 0.0002 / 0.0005 = 0.4; 0.03 % on 99.9 % is 0.3; 0.4 % slow on 99 % is 0.4.
 */
export const trafficProfiles: Readonly<Record<string, TrafficProfile>> = {
  'api-gateway': { requestsPerSecond: 400, errorRatio: 0.0002, slowRatio: 0.004 },
  auth: { requestsPerSecond: 220, errorRatio: 0.0002, slowRatio: 0.004 },
  product: { requestsPerSecond: 260, errorRatio: 0.0003, slowRatio: 0.004 },
  inventory: { requestsPerSecond: 300, errorRatio: 0.0003, slowRatio: 0.004 },
  pricing: { requestsPerSecond: 280, errorRatio: 0.0003, slowRatio: 0.004 },
  order: { requestsPerSecond: 45, errorRatio: 0.0002, slowRatio: 0.004 },
  payment: { requestsPerSecond: 40, errorRatio: 0.0002, slowRatio: 0.004 },
  notification: { requestsPerSecond: 60, errorRatio: 0.0003, slowRatio: 0.004 },
  recommendation: { requestsPerSecond: 150, errorRatio: 0.0003, slowRatio: 0.004 },
};

/** For services the demo does not know (a changed config): modest traffic, well within 99.9 %. */
export const defaultProfile: Readonly<TrafficProfile> = {
  requestsPerSecond: 20,
  errorRatio: 0.0002,
  slowRatio: 0.004,
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
