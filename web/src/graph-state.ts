/** A service's state on the dependency graph and the graph's text alternative. Pure. */

import { toneOf } from './components/status.tsx';
import { dependentsOf, type GraphNode } from './graph-layout.ts';
import { needsAction, statusRank } from './slo-health.ts';

/** Services named in the text alternative before "and N more". */
const LISTED = 10;

export interface NodeState {
  /** The worst SLO status, or null when the service has no SLO. */
  status: string | null;
  /** An alert of one of its SLOs is firing (burning fast while the status may still read healthy). */
  alerting?: boolean;
}

/** In trouble on the graph: an SLO alerting or past caution; caution and no data are coloured, not focused. */
export function isTroubled(state: NodeState | undefined): boolean {
  return (state?.status ? needsAction(state.status) : false) || !!state?.alerting;
}

function urgency(state: NodeState | undefined): number {
  const rank = statusRank(state?.status ?? 'healthy');
  return state?.alerting ? Math.min(rank, statusRank('critical')) : rank;
}

/** The node's state in words (never colour alone) and its tone. */
export function describeNode(state: NodeState | undefined): { word: string; tone: string } {
  if (!state?.status) return { word: 'no SLO', tone: 'muted' };
  const word = state.status.replaceAll('_', ' ');
  if (state.alerting) return { word: `${word}, alerting`, tone: 'bad' };
  return { word, tone: toneOf(state.status) };
}

/** The services in trouble, most urgent first (so the text alternative names those before it stops). */
export function troubledServices(
  services: readonly GraphNode[],
  states: ReadonlyMap<string, NodeState>,
): Set<string> {
  return new Set(
    services
      .filter((s) => isTroubled(states.get(s.name)))
      .map((s) => s.name)
      .sort((a, b) => urgency(states.get(a)) - urgency(states.get(b)) || a.localeCompare(b)),
  );
}

/** The text alternative: how many services, which are in trouble and who depends on them. */
export function graphSummary(
  services: readonly GraphNode[],
  states: ReadonlyMap<string, NodeState>,
  troubled: Set<string>,
) {
  const edges = services.reduce((n, s) => n + s.dependsOn.length, 0);
  const head = `${services.length} services, ${edges} dependencies.`;
  if (troubled.size === 0) return `${head} No service is in trouble.`;
  const parts = [...troubled].slice(0, LISTED).map((name) => {
    const dependents = dependentsOf(services, name);
    const status = describeNode(states.get(name)).word;
    const who =
      dependents.length === 0
        ? 'nothing depends on it'
        : `depended on by ${dependents.slice(0, 6).join(', ')}${dependents.length > 6 ? ` and ${dependents.length - 6} more` : ''}`;
    return `${name} (${status}; ${who})`;
  });
  const rest = troubled.size > LISTED ? `; and ${troubled.size - LISTED} more` : '';
  return `${head} In trouble: ${parts.join('; ')}${rest}.`;
}
