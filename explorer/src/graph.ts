// The genealogy of a lot as an SVG graph: ancestors to the left, descendants to the right,
// one column per generation, an arrow from each input to what was made from it.

export interface GraphNode {
  id: string;
  /** Generations from the lot shown: negative for ancestors, positive for descendants. */
  depth: number;
  status: string;
  product: string;
}

const NS = 'http://www.w3.org/2000/svg';
const W = 190;
const H = 46;
const GAP_X = 70;
const GAP_Y = 16;

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function genealogy(center: string, nodes: GraphNode[], edges: [string, string][]): SVGSVGElement {
  const columns = new Map<number, GraphNode[]>();
  for (const n of nodes) {
    const col = columns.get(n.depth) ?? [];
    col.push(n);
    columns.set(n.depth, col);
  }
  const depths = [...columns.keys()].sort((a, b) => a - b);
  const minDepth = depths[0] ?? 0;
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const height = tallest * (H + GAP_Y) + GAP_Y;
  const width = depths.length * (W + GAP_X) + GAP_X;
  const pos = new Map<string, { x: number; y: number }>();
  for (const d of depths) {
    const col = columns.get(d)!.sort((a, b) => a.id.localeCompare(b.id));
    const top = (height - col.length * (H + GAP_Y) + GAP_Y) / 2;
    col.forEach((n, i) => pos.set(n.id, { x: GAP_X / 2 + (d - minDepth) * (W + GAP_X), y: top + i * (H + GAP_Y) }));
  }
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'genealogy', role: 'img' }) as SVGSVGElement;
  svg.setAttribute('data-testid', 'genealogy');
  const defs = el('defs', {});
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
  marker.append(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#667' }));
  defs.append(marker);
  svg.append(defs);
  for (const [from, to] of edges) {
    const a = pos.get(from);
    const b = pos.get(to);
    if (!a || !b) continue;
    const x1 = a.x + W;
    const y1 = a.y + H / 2;
    const x2 = b.x;
    const y2 = b.y + H / 2;
    const mx = (x1 + x2) / 2;
    svg.append(el('path', { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, class: 'edge', 'marker-end': 'url(#arrow)' }));
  }
  for (const n of nodes) {
    const p = pos.get(n.id)!;
    const link = el('a', { href: `#/lot/${encodeURIComponent(n.id)}`, 'data-lot': n.id });
    const cls = `node status-${n.status.toLowerCase()}${n.id === center ? ' center' : ''}`;
    link.append(el('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6, class: cls }));
    const t1 = el('text', { x: p.x + 8, y: p.y + 18, class: 'node-id' });
    t1.textContent = n.id;
    const t2 = el('text', { x: p.x + 8, y: p.y + 36, class: 'node-sub' });
    t2.textContent = `${n.status} · ${n.product}`;
    link.append(t1, t2);
    svg.append(link);
  }
  return svg;
}
