export type { SliBatch, SliEvent } from './batch.ts';
export { buildEvents, toBatches } from './batch.ts';
export {
  type CanaryOptions,
  type CanarySample,
  canaryReport,
  paymentCanary,
  startCanary,
  type VariantProfile,
} from './canary.ts';
export { EXAMPLE_SINK_URL, writeDemoConfig } from './demo-config.ts';
export type { Every, Fleet, FleetOptions, FleetStats } from './fleet.ts';
export { every, startFleet } from './fleet.ts';
export { describeGateChange, type GateWatchOptions, type ObservedVerdict, watchGate } from './gate-watch.ts';
export type { DeliveryStats, Outbox } from './outbox.ts';
export type { HistoryPlan } from './prefill.ts';
export { historyBatches, prefillHistory } from './prefill.ts';
export type { FleetSlo, SliKind, TrafficProfile } from './profiles.ts';
export { eventFedSlos, profileFor, sliKindOf, trafficProfiles } from './profiles.ts';
export type { PushOutcome, PushTarget } from './push.ts';
export { pushBatch } from './push.ts';
export { type ResponderOptions, startResponder } from './responder.ts';
export { createRng, type Rng } from './rng.ts';
export type { Scenario, ScenarioPhase, ScenarioRun, ServiceImpact } from './scenario.ts';
export { paymentBadRelease, paymentPoolLeak, phaseAt, scheduleScenario } from './scenario.ts';
export { DEMO_PRIMARY_SCHEDULE, demoSignInPerson } from './sign-in.ts';
export { demoTimeline, formatTimeline, type TimelineStep } from './timeline.ts';
export type { TickCounts } from './traffic.ts';
export { trafficFor } from './traffic.ts';
export { type SinkDelivery, startWebhookSink, type WebhookSink } from './webhook-sink.ts';
