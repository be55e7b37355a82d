import { type MouseEvent, useId, useMemo, useState } from 'react';
import { type GraphNode, layoutGraph, neighbourhood } from '../graph-layout.ts';
import { describeNode, graphSummary, type NodeState, troubledServices } from '../graph-state.ts';
import { href, Link, navigate } from '../router.tsx';

const NODE_W = 150;
const NODE_H = 44;
/** Past this many services the graph opens on the troubled services' neighbourhood. */
const WHOLE_GRAPH_UP_TO = 40;

export type { NodeState };

type Scope = 'trouble' | 'all';

/**
 * The service dependency graph as SVG: callers above what they call, arrows from caller to dependency,
 * each node coloured and labelled by its worst SLO status and linking to its service page. A large graph
 * opens on the services in trouble, what depends on them and what they call.
 */
export function DependencyGraph({
  services,
  states,
}: {
  services: readonly GraphNode[];
  states: ReadonlyMap<string, NodeState>;
}) {
  const troubled = useMemo(() => troubledServices(services, states), [services, states]);
  const [scope, setScope] = useState<Scope>(() =>
    services.length > WHOLE_GRAPH_UP_TO && troubled.size > 0 ? 'trouble' : 'all',
  );
  const shown = useMemo(
    () => (scope === 'trouble' ? neighbourhood(services, troubled) : services),
    [scope, services, troubled],
  );
  const layout = useMemo(() => layoutGraph(shown, { nodeWidth: NODE_W, nodeHeight: NODE_H }), [shown]);
  const captionId = useId();
  const scopeId = useId();
  const arrowId = useId().replaceAll(':', '');
  const pad = 8;

  return (
    <figure className="graph" aria-labelledby={captionId}>
      <figcaption id={captionId}>Dependency graph</figcaption>
      <div className="form-row">
        <div>
          <label htmlFor={scopeId}>Show</label>
          <select id={scopeId} value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="trouble">
              Services in trouble and their neighbours ({troubled.size} in trouble)
            </option>
            <option value="all">All {services.length} services</option>
          </select>
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="muted">No service is in trouble. Choose “All services” to see the whole graph.</p>
      ) : (
        <div className="graph-scroll">
          <svg
            width={layout.width + 2 * pad}
            height={layout.height + 2 * pad}
            viewBox={`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
            aria-label={`Dependency graph of ${shown.length} services`}
          >
            <defs>
              <marker
                id={arrowId}
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" className="graph-arrow" />
              </marker>
            </defs>
            {layout.edges.map((e) => (
              <line
                key={`${e.from}->${e.to}`}
                x1={e.x1}
                y1={e.y1}
                x2={e.x2}
                y2={e.y2}
                className={troubled.has(e.to) ? 'graph-edge graph-edge-bad' : 'graph-edge'}
                markerEnd={`url(#${arrowId})`}
              />
            ))}
            {layout.nodes.map((n) => (
              <GraphNodeBox key={n.name} name={n.name} x={n.x} y={n.y} state={states.get(n.name)} />
            ))}
          </svg>
        </div>
      )}
      <p className="chart-summary">{graphSummary(services, states, troubled)}</p>
      {shown.length < services.length ? <NotDrawn services={services} shown={shown} /> : null}
    </figure>
  );
}

/** The services left out of a focused drawing, one click away: every service stays reachable from the graph. */
function NotDrawn({ services, shown }: { services: readonly GraphNode[]; shown: readonly GraphNode[] }) {
  const drawn = new Set(shown.map((s) => s.name));
  const rest = services.filter((s) => !drawn.has(s.name)).map((s) => s.name);
  return (
    <details className="graph-rest">
      <summary>The other {rest.length} services (not in trouble, not next to it)</summary>
      <ul className="inline-list graph-rest-list">
        {rest.map((name) => (
          <li key={name}>
            <Link href={href('services', name)}>{name}</Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

function GraphNodeBox({ name, x, y, state }: { name: string; x: number; y: number; state?: NodeState }) {
  const { word, tone } = describeNode(state);
  const to = href('services', name);
  const click = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  const label = name.length > 20 ? `${name.slice(0, 19)}…` : name;
  return (
    <a href={to} onClick={click} className="graph-node" aria-label={`${name}: ${word}`}>
      <title>{`${name}: ${word}`}</title>
      <rect x={x} y={y} width={NODE_W} height={NODE_H} rx={6} className={`graph-box graph-${tone}`} />
      <text x={x + NODE_W / 2} y={y + 18} textAnchor="middle" className="graph-name">
        {label}
      </text>
      <text x={x + NODE_W / 2} y={y + 35} textAnchor="middle" className={`graph-state graph-text-${tone}`}>
        {word}
      </text>
    </a>
  );
}
