import { DiagramCluster, DiagramGraph, DiagramNode, NodeKind } from './model';

/** Shape and fill per node kind; GPU groups stand out in green. */
const STYLE: Readonly<Record<NodeKind, string>> = {
  [NodeKind.APPLICATION]: 'shape=folder, fillcolor="#fde2c8"',
  [NodeKind.RAY]: 'shape=box, style="rounded,filled", fillcolor="#cfe2ff"',
  [NodeKind.RAY_GROUP]: 'shape=box, fillcolor="#f1f3f5"',
  [NodeKind.GPU_GROUP]: 'shape=box, fillcolor="#b2f2bb", penwidth=2',
  [NodeKind.WORKFLOW]: 'shape=box, style="rounded,filled", fillcolor="#e5dbff"',
  [NodeKind.STEP]: 'shape=box, style="rounded,filled", fillcolor="#f3f0ff"',
  [NodeKind.WORKLOAD]: 'shape=box, fillcolor="#e9ecef"',
  [NodeKind.VOLUME]: 'shape=cylinder, fillcolor="#fff3bf"',
  [NodeKind.SERVICE]: 'shape=box, style="rounded,filled,dashed", fillcolor="#ffe3e3"',
  [NodeKind.NODE_POOL]: 'shape=component, fillcolor="#d3f9d8"',
  [NodeKind.MORE]: 'shape=note, fillcolor="#ffffff", fontcolor="#495057"',
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function nodeLine(n: DiagramNode): string {
  const lines = n.lines.filter((l) => l !== '').map((l) => `<br/>${escapeHtml(l)}`);
  return `${quote(n.id)} [label=<<b>${escapeHtml(n.title)}</b>${lines.join('')}>, ${STYLE[n.kind]}];`;
}

/**
 * The graph in Graphviz's DOT language: left to right, one box (subgraph cluster) per chart,
 * Argo CD and workflow fan-out, nodes and edges in the order the model lists them (the layout
 * is deterministic for the same input).
 */
export function toDot(graph: DiagramGraph): string {
  const children = (parent: string | undefined) => graph.clusters.filter((c) => c.parent === parent);
  const clusterBlock = (c: DiagramCluster, indent: string): string[] => [
    `${indent}subgraph ${quote(c.id)} {`,
    `${indent}  label=<<b>${escapeHtml(c.label)}</b>>; style="rounded"; color="#868e96";`,
    ...graph.nodes.filter((n) => n.cluster === c.id).map((n) => `${indent}  ${nodeLine(n)}`),
    ...children(c.id).flatMap((child) => clusterBlock(child, `${indent}  `)),
    `${indent}}`,
  ];
  const edges = graph.edges.map((e) => {
    const attrs = [
      e.label ? `label=${quote(e.label)}` : '',
      e.toCluster ? `lhead=${quote(e.toCluster)}` : '',
      e.fromCluster ? `ltail=${quote(e.fromCluster)}` : '',
      e.dashed ? 'style=dashed' : '',
      e.loose ? 'constraint=false' : '',
    ].filter((a) => a);
    return `  ${quote(e.from)} -> ${quote(e.to)}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`;
  });
  return [
    `digraph ${quote(`ray-gitops ${graph.environment}`)} {`,
    `  label=<<b>ray-gitops: environment ${escapeHtml(graph.environment)}</b>>; labelloc=t; fontsize=20;`,
    '  rankdir=LR; compound=true; newrank=true; nodesep=0.25; ranksep=0.5;',
    '  fontname="Helvetica"; node [fontname="Helvetica", fontsize=12, style=filled, margin="0.12,0.06"];',
    '  edge [fontname="Helvetica", fontsize=10, color="#495057"];',
    ...graph.nodes.filter((n) => n.cluster === undefined).map((n) => `  ${nodeLine(n)}`),
    ...children(undefined).flatMap((c) => clusterBlock(c, '  ')),
    ...edges,
    '}',
  ].join('\n');
}
