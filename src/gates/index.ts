export {
  type Decision,
  decideGate,
  type GateInput,
  type GateReason,
  type GateVerdict,
  readinessFailures,
} from './decide.ts';
export { dependenciesOf, freezesHolding, gateVerdict, gateVerdicts } from './gate-verdict.ts';
export {
  activeOverrides,
  createOverride,
  type GateOverrideRow,
  recentOverrides,
  revokeOverride,
} from './override-store.ts';
