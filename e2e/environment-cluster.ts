import { RayEnvironment } from '../src/environments';
import { ControlPlane, KubeObject, jsonList } from './control-plane';
import { SimulatedNode, simulatedNodes } from './nodes';
import { simulatedStorageClasses } from './storage';

/** The control plane while it holds one environment: Ready nodes shaped like its node pools. */
export interface EnvironmentCluster {
  readonly env: RayEnvironment;
  readonly plane: ControlPlane;
  /** Node name to the simulated node (its kind and pool). */
  readonly nodes: ReadonlyMap<string, SimulatedNode>;
}

/**
 * kwok marks a node Ready on its first heartbeat; on a loaded 2-core machine all 20 of eks's nodes
 * once stayed not Ready past 60 s after aks's wipe (a fresh-clone CI run), so the wait is longer.
 */
const NODES_READY_TIMEOUT_MS = 180_000;
/** Namespace deletion waits for the operator to drop finalizers and for kwok to end the pods. */
const WIPE_TIMEOUT_MS = 120_000;
/** Namespaces the API server and controllers own; everything else belongs to one environment. */
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(what: string, timeoutMs: number, pending: () => string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = pending();
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${what} after ${timeoutMs / 1000} s: ${left.join(', ')}`);
    await sleep(200);
  }
}

/**
 * Registers the environment's nodes and storage classes on an empty control plane; resolves once
 * kwok reports every node Ready, so that nothing is judged unschedulable only because a node was
 * late.
 */
async function enterEnvironment(plane: ControlPlane, env: RayEnvironment): Promise<EnvironmentCluster> {
  const nodes = simulatedNodes(env);
  // create, not apply: a Node's status (capacity) is only taken from the object on creation.
  plane.kubectl(['create', '-f', '-'], jsonList([...nodes.map((n) => n.manifest), ...simulatedStorageClasses(env)]));
  await waitUntil('nodes not Ready', NODES_READY_TIMEOUT_MS, () =>
    plane
      .list('nodes')
      .filter((n) => !n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'))
      .map((n) => n.metadata.name),
  );
  return { env, plane, nodes: new Map(nodes.map((n) => [n.manifest.metadata.name, n])) };
}

/**
 * Runs `body` with the environment's nodes registered, then empties the control plane, also when
 * `body` fails (its error is kept; a failed wipe is added to it). `applied` returns what `body`
 * applied, for the cluster-scoped objects among it.
 */
export async function withEnvironment<T>(
  plane: ControlPlane,
  env: RayEnvironment,
  applied: () => readonly KubeObject[],
  body: (cluster: EnvironmentCluster) => Promise<T>,
): Promise<T> {
  const cluster = await enterEnvironment(plane, env);
  let outcome: { value: T } | { error: Error };
  try {
    outcome = { value: await body(cluster) };
  } catch (error) {
    outcome = { error: error as Error };
  }
  try {
    await leaveEnvironment(cluster, applied());
  } catch (wipe) {
    const before = 'error' in outcome ? `${outcome.error.message}\n` : '';
    throw new Error(`${before}could not empty the control plane: ${(wipe as Error).message}`);
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

const RAY_RESOURCES = 'rayservices.ray.io,rayjobs.ray.io,rayclusters.ray.io';
/** How long the operator gets to finish its own cleanup before its finalizers are dropped. */
const OPERATOR_CLEANUP_MS = 15_000;

/**
 * Deletes the Ray objects first, while their namespaces can still take the operator's cleanup
 * (a GCS fault-tolerance cleanup Job, for one). Cleanup that needs a real Ray or Redis cannot
 * finish here, so finalizers left after a grace period are removed.
 */
async function deleteRayObjects(plane: ControlPlane): Promise<void> {
  plane.kubectl(['delete', RAY_RESOURCES, '--all', '--all-namespaces', '--wait=false']);
  const deadline = Date.now() + OPERATOR_CLEANUP_MS;
  while (plane.list(RAY_RESOURCES).length > 0 && Date.now() < deadline) await sleep(500);
  // Argo CD's resources-finalizer is removed only by its application controller, which does not
  // run here: drop it at once, or the argocd namespace never finishes terminating.
  for (const o of [...plane.list(RAY_RESOURCES), ...plane.list('applications.argoproj.io')]) {
    const patch = JSON.stringify({ metadata: { finalizers: null } });
    try {
      plane.kubectl(['patch', o.kind, o.metadata.name, '-n', o.metadata.namespace!, '--type', 'merge', '-p', patch]);
    } catch (error) {
      if (!/NotFound/.test((error as Error).message)) throw error; // gone since the list: fine
    }
  }
}

/**
 * Empties the control plane for the next environment: deletes the Ray objects, then every
 * non-system namespace (the namespace controller removes their objects, kwok the pods), the
 * cluster-scoped objects that were applied, the volumes, storage classes and nodes; resolves when
 * all are gone. Cheaper than a fresh control plane, whose CRD installation costs about a minute
 * of API-server CPU.
 */
async function leaveEnvironment(cluster: EnvironmentCluster, applied: readonly KubeObject[]): Promise<void> {
  const { plane } = cluster;
  await deleteRayObjects(plane);
  const namespaces = plane
    .list('namespaces')
    .map((n) => n.metadata.name)
    .filter((n) => !SYSTEM_NAMESPACES.has(n));
  if (namespaces.length) plane.kubectl(['delete', 'namespace', '--wait=false', ...namespaces]);
  for (const o of applied.filter((a) => !a.metadata.namespace && a.kind !== 'Namespace')) {
    plane.kubectl(['delete', o.kind, o.metadata.name, '--ignore-not-found', '--wait=false']);
  }
  await waitUntil('namespaces still terminating', WIPE_TIMEOUT_MS, () =>
    plane
      .list('namespaces')
      .filter((n) => namespaces.includes(n.metadata.name))
      .map((n) => `${n.metadata.name} (${(n.status?.conditions ?? []).map((c: any) => c.message).join('; ')})`),
  );
  plane.kubectl(['delete', 'nodes,persistentvolumes,storageclasses', '--all', '--wait=false']);
  await waitUntil('objects left', WIPE_TIMEOUT_MS, () =>
    ['nodes', 'pods', 'persistentvolumes', 'storageclasses'].flatMap((r) => plane.list(r)).map((o) => `${o.kind} ${o.metadata.name}`),
  );
}

/**
 * Creates every namespace the objects live in (the environment's own included) that they do not
 * create themselves, as the platform team would before Argo CD syncs.
 */
export function createNamespaces(cluster: EnvironmentCluster, objects: readonly KubeObject[]): void {
  const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const used = new Set([cluster.env.namespace, ...objects.flatMap((o) => (o.metadata.namespace ? [o.metadata.namespace] : []))]);
  const missing = [...used].filter((ns) => !declared.has(ns));
  if (missing.length === 0) return;
  cluster.plane.apply(jsonList(missing.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))), 'ray-gitops-test');
}
