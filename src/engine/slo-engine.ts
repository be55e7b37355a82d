import type { AlertState, SliSeries, SloEvaluation } from '../slo/index.ts';
import type { ErrorBudgetPolicy, Model, Slo } from '../specs/model.ts';

/** One evaluated SLO: a spec, or one label combination of a groupBy spec. */
export interface SloInstance {
  /** Instance-level definition: `name` and `service` resolved for groupBy instances. */
  slo: Slo;
  /** Name of the spec it comes from (equal to slo.name unless grouped). */
  spec: string;
  /** groupBy label values; empty for ungrouped specs. */
  labels: Record<string, string>;
  series: SliSeries;
  alertState: AlertState | undefined;
  evaluation: SloEvaluation | undefined;
  /** Why the source could not be read at the last attempt; cleared by the next good read. */
  sourceError: string | undefined;
}

/** The running engine: the model in force and the in-memory state of every SLO instance. */
export class SloEngine {
  model: Model;
  readonly instances = new Map<string, SloInstance>();
  private policies = new Map<string, ErrorBudgetPolicy>();
  private specs = new Map<string, Slo>();

  constructor(model: Model) {
    this.model = model;
    this.index();
  }

  /** Swaps in a new model; callers then reconcile instances. */
  setModel(model: Model): void {
    this.model = model;
    this.index();
  }

  spec(name: string): Slo | undefined {
    return this.specs.get(name);
  }

  policyFor(slo: Slo): ErrorBudgetPolicy | undefined {
    return slo.policy ? this.policies.get(slo.policy) : undefined;
  }

  /** Instances of one spec, in name order. */
  instancesOf(spec: string): SloInstance[] {
    return [...this.instances.values()].filter((instance) => instance.spec === spec);
  }

  private index(): void {
    this.policies = new Map(this.model.policies.map((policy) => [policy.name, policy]));
    this.specs = new Map(this.model.slos.map((slo) => [slo.name, slo]));
  }
}

/** Name of a groupBy instance: `spec:value1,value2` in groupBy order (values URL-encoded when needed). */
export function instanceName(spec: Slo, labels: Record<string, string>): string {
  if (spec.indicator.kind !== 'prometheus' || spec.indicator.groupBy.length === 0) return spec.name;
  const values = spec.indicator.groupBy.map((label) => encodeURIComponent(labels[label] ?? ''));
  return `${spec.name}:${values.join(',')}`;
}

/** The instance-level SLO of a spec for some groupBy labels; a `service` label names the service. */
export function instanceSlo(spec: Slo, labels: Record<string, string>): Slo {
  const name = instanceName(spec, labels);
  if (name === spec.name) return spec;
  return { ...spec, name, service: labels.service || spec.service, labels: { ...spec.labels, ...labels } };
}
