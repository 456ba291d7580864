import { Json } from '../../k8s/pod-templates';

/** What a node stands for; decides its shape and colour. */
export enum NodeKind {
  APPLICATION = 'application',
  RAY = 'ray',
  RAY_GROUP = 'ray-group',
  GPU_GROUP = 'gpu-group',
  WORKFLOW = 'workflow',
  STEP = 'step',
  WORKLOAD = 'workload',
  VOLUME = 'volume',
  SERVICE = 'service',
  MORE = 'more',
  /** A node pool of the environment. */
  NODE_POOL = 'node-pool',
}

export interface DiagramNode {
  /** Stable id: `RayService/ray/text-service`, `RayService/ray/text-service#gpu-workers`. */
  readonly id: string;
  readonly kind: NodeKind;
  /** First line, in bold: `RayService text-service`. */
  readonly title: string;
  /** Further lines: `0–2 pods × 1 GPU`. */
  readonly lines: readonly string[];
  /** Id of the cluster (box) it is drawn in. */
  readonly cluster?: string;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Draw the edge to the border of this cluster (the `to` node is one of its nodes). */
  readonly toCluster?: string;
  /** Draw the edge from the border of this cluster (the `from` node is one of its nodes). */
  readonly fromCluster?: string;
  readonly dashed?: boolean;
  /** Leave the edge out of the ranking, so it does not stretch the picture. */
  readonly loose?: boolean;
}

/** A box around nodes: a chart, Argo CD, a fan-out of workflow steps. */
export interface DiagramCluster {
  readonly id: string;
  readonly label: string;
  readonly parent?: string;
}

/** One environment's objects as a graph. */
export interface DiagramGraph {
  readonly environment: string;
  readonly clusters: readonly DiagramCluster[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** A pod spec some node runs, for resolving volume mounts and Service selectors later. */
export interface PodOwner {
  readonly node: string;
  readonly namespace: string;
  readonly spec: Json;
  /** Pod labels, including those KubeRay adds. */
  readonly labels: Readonly<Record<string, string>>;
  /** Volumes defined outside the pod spec (an Argo workflow's `spec.volumes`). */
  readonly extraVolumes?: readonly Json[];
}

/** Collects a graph; nodes and edges keep their first definition, so adding twice is harmless. */
export class GraphBuilder {
  private readonly clusters = new Map<string, DiagramCluster>();
  private readonly nodes = new Map<string, DiagramNode>();
  private readonly edges = new Map<string, DiagramEdge>();
  public readonly pods: PodOwner[] = [];

  constructor(private readonly environment: string) {}

  public cluster(c: DiagramCluster): string {
    if (!this.clusters.has(c.id)) this.clusters.set(c.id, c);
    return c.id;
  }

  public node(n: DiagramNode): string {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
    return n.id;
  }

  public edge(e: DiagramEdge): void {
    const key = `${e.from}->${e.to}|${e.label ?? ''}`;
    if (!this.edges.has(key)) this.edges.set(key, e);
  }

  public has(id: string): boolean {
    return this.nodes.has(id);
  }

  public clusterOf(id: string): string | undefined {
    return this.nodes.get(id)?.cluster;
  }

  /** The first node drawn in a cluster (edges to a cluster end at its border through it). */
  public anchorOf(cluster: string): string | undefined {
    return [...this.nodes.values()].find((n) => n.cluster === cluster)?.id;
  }

  public build(): DiagramGraph {
    return {
      environment: this.environment,
      clusters: [...this.clusters.values()],
      nodes: [...this.nodes.values()],
      // Edges to objects of other environments or charts that are not there (a RayJob's
      // clusterSelector naming no RayCluster) are left out rather than drawn as empty nodes.
      edges: [...this.edges.values()].filter((e) => this.nodes.has(e.from) && this.nodes.has(e.to)),
    };
  }
}
