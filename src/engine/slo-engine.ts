import { pushTo } from '../core/collections.ts';
import type { AlertState, ProvisionalTail, SliSeries, SloEvaluation } from '../slo/index.ts';
import type { ErrorBudgetPolicy, Model, Slo } from '../specs/index.ts';

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
  /** Polled sources: what the source counted past the settled buckets, for the catastrophic tier. */
  tail?: ProvisionalTail;
}

/** The running engine: the model in force and the in-memory state of every SLO instance. */
export class SloEngine {
  model: Model;
  private readonly byName = new Map<string, SloInstance>();
  private readonly bySpec = new Map<string, SloInstance[]>();
  private policies = new Map<string, ErrorBudgetPolicy>();
  private specs = new Map<string, Slo>();
  /**
   * Told when data that may fire an SLO's catastrophic tier has just been applied (`applyToSeries`), so
   * the server can evaluate at once rather than at the next tick: a full outage pages seconds sooner.
   */
  onNearTotalFailure: (() => void) | undefined;

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

  /** Every instance, by instance name. */
  get instances(): ReadonlyMap<string, SloInstance> {
    return this.byName;
  }

  /** Instances of one spec (indexed: polling asks this for every spec on every tick). */
  instancesOf(spec: string): readonly SloInstance[] {
    return this.bySpec.get(spec) ?? [];
  }

  /** Adds an instance, or replaces the one of the same name. */
  putInstance(instance: SloInstance): void {
    const name = instance.slo.name;
    const previous = this.byName.get(name);
    if (previous) {
      const siblings = this.bySpec.get(previous.spec) ?? [];
      this.bySpec.set(
        previous.spec,
        siblings.filter((other) => other !== previous),
      );
    }
    this.byName.set(name, instance);
    pushTo(this.bySpec, instance.spec, instance);
  }

  /** Replaces every instance at once (config reload). */
  replaceInstances(instances: Iterable<SloInstance>): void {
    this.byName.clear();
    this.bySpec.clear();
    for (const instance of instances) this.putInstance(instance);
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
