/** What the demo's responders know of an incident, from the API. */
export interface ObservedIncident {
  id: number;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  declaredAtMs: number;
  /** True when every page linked to the incident is resolved (its alerts stopped firing). */
  pagesResolved: boolean;
  hasCommander: boolean;
}

/** What the responders remember of an incident between polls. */
export interface ResponderMemory {
  engaged?: boolean;
  monitoringSinceMs?: number;
}

/** One thing a responder does through the API. */
export type ResponderAction =
  | { kind: 'engage' }
  | { kind: 'identify' }
  | { kind: 'monitor' }
  | { kind: 'resolve' };

/**
 * The scripted response to an incident, as seed 003's lifecycle: the on-call people take the commander
 * and communications roles and post "investigating" at once, name the cause after `identifyAfterMs`,
 * switch to monitoring when the alerts stop, and resolve `resolveAfterMs` later.
 */
export function nextResponderAction(
  incident: ObservedIncident,
  memory: ResponderMemory,
  options: { nowMs: number; identifyAfterMs: number; resolveAfterMs: number },
): ResponderAction | undefined {
  if (incident.status === 'resolved') return undefined;
  if (!incident.hasCommander && !memory.engaged) return { kind: 'engage' };
  if (incident.status === 'investigating' && options.nowMs - incident.declaredAtMs >= options.identifyAfterMs)
    return { kind: 'identify' };
  if (incident.status !== 'monitoring' && incident.pagesResolved && incident.status === 'identified')
    return { kind: 'monitor' };
  if (
    incident.status === 'monitoring' &&
    memory.monitoringSinceMs !== undefined &&
    options.nowMs - memory.monitoringSinceMs >= options.resolveAfterMs
  )
    return { kind: 'resolve' };
  return undefined;
}
