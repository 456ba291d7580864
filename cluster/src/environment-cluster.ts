import { stringify } from 'yaml';
import { RayEnvironment } from '../../src/environments';
import { ControlPlane, KubeObject } from './control-plane';
import { NodeKind, simulatedNodes } from './nodes';

/** A fresh control plane whose Ready nodes are shaped like one environment's node pools. */
export interface EnvironmentCluster {
  readonly env: RayEnvironment;
  readonly plane: ControlPlane;
  /** Node name to the kind of node it stands for. */
  readonly nodeKinds: ReadonlyMap<string, NodeKind>;
}

const NODES_READY_TIMEOUT_MS = 60_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts a control plane for `env` and registers its nodes; resolves once kwok reports every node
 * Ready, so that nothing is judged unschedulable only because a node was late. The caller stops
 * `plane` in a `finally`.
 */
export async function startEnvironmentCluster(env: RayEnvironment, label = env.name): Promise<EnvironmentCluster> {
  const plane = ControlPlane.start(label);
  try {
    const nodes = simulatedNodes(env);
    // create, not apply: a Node's status (capacity) is only taken from the object on creation.
    plane.kubectl(['create', '-f', '-'], nodes.map((n) => stringify(n.manifest)).join('---\n'));
    const deadline = Date.now() + NODES_READY_TIMEOUT_MS;
    for (;;) {
      const notReady = plane
        .list('nodes')
        .filter((n) => !n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'))
        .map((n) => n.metadata.name);
      if (notReady.length === 0) break;
      if (Date.now() > deadline) throw new Error(`nodes not Ready after ${NODES_READY_TIMEOUT_MS / 1000} s: ${notReady.join(', ')}`);
      await sleep(200);
    }
    return { env, plane, nodeKinds: new Map(nodes.map((n) => [n.manifest.metadata.name, n.kind])) };
  } catch (error) {
    plane.stop();
    throw error;
  }
}

/**
 * Creates every namespace the objects live in (the environment's own included) that they do not
 * create themselves, as the platform team would before Argo CD syncs.
 */
export function createNamespaces(cluster: EnvironmentCluster, objects: readonly KubeObject[]): void {
  const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const used = new Set([cluster.env.namespace, ...objects.flatMap((o) => (o.metadata.namespace ? [o.metadata.namespace] : []))]);
  const missing = [...used].filter((ns) => !declared.has(ns));
  const namespaces = [...declared].map((name) => objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name)!);
  cluster.plane.apply(
    [...missing.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })), ...namespaces],
    'ray-gitops-test',
  );
}
