/**
 * A layered drawing of the service dependency graph: callers above what they call, each service one layer
 * below the deepest service that depends on it. Pure: names in, coordinates out.
 */

export interface GraphNode {
  name: string;
  dependsOn: readonly string[];
}

export interface PlacedNode {
  name: string;
  layer: number;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface PlacedEdge {
  /** The caller. */
  from: string;
  /** What it depends on. */
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  /** A layer wider than this wraps onto more rows, so 200 services stay within a readable width. */
  maxPerRow: number;
}

const DEFAULTS: LayoutOptions = { nodeWidth: 150, nodeHeight: 44, gapX: 24, gapY: 48, maxPerRow: 10 };

/** Edges inside the node set only (a dependency outside the set is not drawn). */
function edgesWithin(nodes: readonly GraphNode[]): Array<[string, string]> {
  const names = new Set(nodes.map((n) => n.name));
  const out: Array<[string, string]> = [];
  for (const n of nodes) for (const d of n.dependsOn) if (names.has(d) && d !== n.name) out.push([n.name, d]);
  return out;
}

/**
 * Layer of each node: 0 for services nothing (in the set) depends on, else one more than the deepest
 * dependent. A cycle (the config refuses them, but a stale answer might hold one) is cut where found.
 */
export function layersByDepth(nodes: readonly GraphNode[]): Map<string, number> {
  const dependents = new Map<string, string[]>(nodes.map((n) => [n.name, []]));
  for (const [from, to] of edgesWithin(nodes)) dependents.get(to)?.push(from);
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (name: string): number => {
    const known = layer.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return -1;
    visiting.add(name);
    let d = 0;
    for (const parent of dependents.get(name) ?? []) d = Math.max(d, depth(parent) + 1);
    visiting.delete(name);
    layer.set(name, d);
    return d;
  };
  for (const n of nodes) depth(n.name);
  return layer;
}

/** Orders each layer by the mean position of its neighbours in the layer above, then below (fewer crossings). */
function orderLayers(rows: string[][], edges: Array<[string, string]>): void {
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const [from, to] of edges) {
    up.set(to, [...(up.get(to) ?? []), from]);
    down.set(from, [...(down.get(from) ?? []), to]);
  }
  const sweep = (row: string[], neighbours: Map<string, string[]>, position: Map<string, number>) => {
    const key = new Map<string, number>();
    row.forEach((name, i) => {
      const ps = (neighbours.get(name) ?? []).map((n) => position.get(n)).filter((p) => p !== undefined);
      key.set(name, ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : i);
    });
    row.sort((a, b) => (key.get(a) as number) - (key.get(b) as number) || a.localeCompare(b));
  };
  const positions = () => {
    const p = new Map<string, number>();
    for (const row of rows) {
      row.forEach((name, i) => {
        p.set(name, i / Math.max(1, row.length - 1));
      });
    }
    return p;
  };
  for (let pass = 0; pass < 4; pass++) {
    for (let l = 1; l < rows.length; l++) sweep(rows[l] as string[], up, positions());
    for (let l = rows.length - 2; l >= 0; l--) sweep(rows[l] as string[], down, positions());
  }
}

/** Places every node: layers top to bottom, wide layers wrapped, rows centred; edges run caller → dependency. */
export function layoutGraph(nodes: readonly GraphNode[], options: Partial<LayoutOptions> = {}): GraphLayout {
  const o = { ...DEFAULTS, ...options };
  const layer = layersByDepth(nodes);
  const edges = edgesWithin(nodes);
  const depth = Math.max(-1, ...layer.values()) + 1;
  const rows: string[][] = Array.from({ length: depth }, () => []);
  for (const n of [...nodes].sort((a, b) => a.name.localeCompare(b.name)))
    rows[layer.get(n.name) ?? 0]?.push(n.name);
  orderLayers(rows, edges);

  const columns = Math.min(o.maxPerRow, Math.max(1, ...rows.map((r) => r.length)));
  const width = columns * o.nodeWidth + (columns - 1) * o.gapX;
  const placed = new Map<string, PlacedNode>();
  let y = 0;
  rows.forEach((row, l) => {
    for (let start = 0; start < row.length; start += o.maxPerRow) {
      const chunk = row.slice(start, start + o.maxPerRow);
      const rowWidth = chunk.length * o.nodeWidth + (chunk.length - 1) * o.gapX;
      const left = (width - rowWidth) / 2;
      chunk.forEach((name, i) => {
        placed.set(name, { name, layer: l, x: left + i * (o.nodeWidth + o.gapX), y });
      });
      y += o.nodeHeight + o.gapY;
    }
  });
  const height = Math.max(0, y - o.gapY);
  const placedEdges: PlacedEdge[] = edges.map(([from, to]) => {
    const a = placed.get(from) as PlacedNode;
    const b = placed.get(to) as PlacedNode;
    const down = b.y > a.y;
    return {
      from,
      to,
      x1: a.x + o.nodeWidth / 2,
      y1: down ? a.y + o.nodeHeight : a.y,
      x2: b.x + o.nodeWidth / 2,
      y2: down ? b.y : b.y + o.nodeHeight,
    };
  });
  return { nodes: [...placed.values()], edges: placedEdges, width, height };
}

/** How many pairs of edges between the same two layers cross (for tests and tuning). */
export function crossings(layout: GraphLayout): number {
  let count = 0;
  const { edges } = layout;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const a = edges[i] as PlacedEdge;
      const b = edges[j] as PlacedEdge;
      if (a.y1 !== b.y1 || a.y2 !== b.y2) continue;
      if ((a.x1 - b.x1) * (a.x2 - b.x2) < 0) count++;
    }
  }
  return count;
}

/** Every service depending on `name`, directly or through others (its blast radius). */
export function dependentsOf(nodes: readonly GraphNode[], name: string): string[] {
  const dependents = new Map<string, string[]>();
  for (const n of nodes)
    for (const d of n.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), n.name]);
  const seen = new Set<string>();
  const stack = [...(dependents.get(name) ?? [])];
  while (stack.length) {
    const next = stack.pop() as string;
    if (seen.has(next) || next === name) continue;
    seen.add(next);
    stack.push(...(dependents.get(next) ?? []));
  }
  return [...seen].sort();
}

/**
 * The part of the graph worth seeing first: the services in `focus`, what depends on them directly (who
 * feels it first) and what they call directly (where the cause may be). One hop each way keeps it readable
 * when a deep service's transitive dependents are half the fleet; the text alternative names those.
 */
export function neighbourhood(nodes: readonly GraphNode[], focus: ReadonlySet<string>): GraphNode[] {
  const keep = new Set<string>(focus);
  for (const n of nodes) {
    if (focus.has(n.name)) for (const d of n.dependsOn) keep.add(d);
    if (n.dependsOn.some((d) => focus.has(d))) keep.add(n.name);
  }
  return nodes.filter((n) => keep.has(n.name));
}
