import { stringify } from 'yaml';
import { KubeObject, jsonList } from './control-plane';
import { EnvironmentCluster, createNamespaces, sleep } from './environment-cluster';
import { ManifestFile } from './manifests';
import { PodState, podState, schedulingView } from './placement';
import { RAY_KINDS, clustersFor, expectedGroups, groupAcceleratorType, podsOfGroup } from './ray-pods';

/** How long the operator, scheduler and kwok get to bring every pod up. */
const PLACEMENT_TIMEOUT_MS = 180_000;
/**
 * How long an unschedulable pod is watched before the check fails: the nodes are fixed and Ready,
 * so the verdict stands; the pause only lets the operator create the remaining pods, so that the
 * failure lists all of them.
 */
const UNSCHEDULABLE_SETTLE_MS = 5_000;

/** One look at the cluster: pods the operator still owes, and every pod's state. */
interface Observation {
  readonly missing: { readonly owner: KubeObject; readonly message: string }[];
  readonly pods: { readonly pod: KubeObject; readonly state: PodState }[];
}

function label(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}

/**
 * Server-side applies each file with strict field validation, Namespace objects first. When a
 * file fails, its objects are applied one by one, so that the error names each rejected object
 * with the API server's own message and the object as we sent it.
 */
export function applyManifests(cluster: EnvironmentCluster, files: readonly ManifestFile[]): void {
  const objects = files.flatMap((f) => f.objects);
  createNamespaces(cluster, objects);
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  const errors: string[] = [];
  for (const file of [{ path: 'Namespace objects, first', objects: namespaces }, ...files]) {
    if (file.objects.length === 0) continue;
    try {
      cluster.plane.apply(file.text ?? jsonList(file.objects));
    } catch (fileError) {
      const before = errors.length;
      for (const object of file.objects) {
        try {
          cluster.plane.apply(jsonList([object]));
        } catch (error) {
          errors.push(`${file.path}: ${label(object)}: ${(error as Error).message}\n${stringify(object)}`);
        }
      }
      // Each object alone passed: the file itself is what kubectl cannot read as intended.
      if (errors.length === before) errors.push(`${file.path}: ${(fileError as Error).message}`);
    }
  }
  if (errors.length) throw new Error(`the API server rejected objects:\n${errors.join('\n')}`);
}

function observe(cluster: EnvironmentCluster, rayObjects: readonly KubeObject[]): Observation {
  const liveClusters = cluster.plane.list('rayclusters.ray.io');
  const pods = cluster.plane.list('pods');
  const missing: Observation['missing'] = [];
  for (const applied of rayObjects) {
    const clusters = clustersFor(applied, liveClusters);
    if (clusters === 'none-expected') continue;
    if (clusters.length === 0) missing.push({ owner: applied, message: `${label(applied)}: no RayCluster yet` });
    for (const expected of clusters.flatMap(expectedGroups)) {
      const have = podsOfGroup(pods, expected).length;
      if (have !== expected.pods) {
        missing.push({ owner: expected.cluster, message: `${label(expected.cluster)} group ${expected.group}: ${have} of ${expected.pods} pods` });
      }
    }
  }
  // Until every claim is bound, "unbound PersistentVolumeClaims" is the scheduler's passing verdict.
  for (const claim of cluster.plane.list('persistentvolumeclaims')) {
    if (claim.status?.phase !== 'Bound') missing.push({ owner: claim, message: `${label(claim)}: not bound yet` });
  }
  return {
    missing,
    pods: pods.map((pod) => ({ pod, state: podState(pod, cluster.nodes, groupAcceleratorType(pod, liveClusters)) })),
  };
}

/** The failure text: the scheduler's and operator's own words and the objects they judged. */
function describe(cluster: EnvironmentCluster, seen: Observation, headline: string): string {
  const lines = [headline];
  for (const { pod, state } of seen.pods) {
    if (state.state === 'unschedulable') lines.push(`pod ${pod.metadata.namespace}/${pod.metadata.name} is Pending, scheduler says ${state.reason}: ${state.message}`, schedulingView(pod));
    if (state.state === 'misplaced') lines.push(`pod ${pod.metadata.namespace}/${pod.metadata.name} ${state.message}`, schedulingView(pod));
    if (state.state === 'waiting') lines.push(`pod ${pod.metadata.namespace}/${pod.metadata.name} not running: ${stringify(pod.status)}`);
  }
  for (const { owner, message } of seen.missing) {
    lines.push(message, `events:\n${cluster.plane.eventsFor(owner)}`, `status:\n${stringify(owner.status ?? {})}`);
  }
  return lines.join('\n');
}

/** A worker group's ceiling, when one is set (the CRD's default is 2^31-1: no ceiling). */
const NO_CEILING = 2 ** 31 - 1;

function growable(group: any): boolean {
  return group.maxReplicas !== undefined && group.maxReplicas !== NO_CEILING && group.maxReplicas > (group.replicas ?? 0) && !group.suspend;
}

function patchCluster(cluster: EnvironmentCluster, rayCluster: KubeObject, patch: object[]): void {
  const { name, namespace } = rayCluster.metadata;
  cluster.plane.kubectl(['patch', 'raycluster', name, '-n', namespace!, '--type', 'json', '-p', JSON.stringify(patch)]);
}

/**
 * Does what the Ray autoscaler does under full load, one RayCluster at a time (RayService and
 * RayJob clusters included): sets every worker group to its maxReplicas, waits until every pod is
 * placed (the other clusters stay at their configured counts), and scales back as the autoscaler
 * does, naming the workers to remove in `scaleStrategy.workersToDelete` (with in-tree autoscaling
 * the operator removes no others). GPU groups often start at 0 replicas: only here do GPU workers
 * exist, and the pools show they hold each cluster at its ceiling. Returns report lines.
 */
export async function eachClusterAtMaxReplicas(cluster: EnvironmentCluster, applied: readonly KubeObject[]): Promise<string[]> {
  const report: string[] = [];
  for (const rayCluster of cluster.plane.list('rayclusters.ray.io')) {
    const groups: any[] = rayCluster.spec.workerGroupSpecs ?? [];
    const grow = groups.flatMap((g, i) => (growable(g) ? [i] : []));
    if (grow.length === 0) continue;
    patchCluster(cluster, rayCluster, grow.map((i) => ({ op: 'replace', path: `/spec/workerGroupSpecs/${i}/replicas`, value: groups[i].maxReplicas })));
    const placed = await waitForPlacement(cluster, applied).catch((error: Error) => {
      throw new Error(`with ${label(rayCluster)} at maxReplicas (the others as configured): ${error.message}`);
    });
    const own = placed.filter(({ pod }) => pod.metadata.labels?.['ray.io/cluster'] === rayCluster.metadata.name);
    report.push(
      `${label(rayCluster)} with ${grow.map((i) => `${groups[i].groupName} at ${groups[i].maxReplicas}`).join(', ')}: ${own.length} pods placed`,
      ...own.map(({ pod, state }) => placementLine(cluster, pod, state)),
    );
    const extra = grow.flatMap((i) =>
      placed
        .map(({ pod }) => pod)
        .filter((pod) => pod.metadata.labels?.['ray.io/cluster'] === rayCluster.metadata.name && pod.metadata.labels?.['ray.io/group'] === groups[i].groupName)
        .map((pod) => pod.metadata.name)
        .sort()
        .slice(groups[i].replicas ?? 0),
    );
    patchCluster(cluster, rayCluster, [
      ...grow.map((i) => ({ op: 'replace', path: `/spec/workerGroupSpecs/${i}/replicas`, value: groups[i].replicas ?? 0 })),
      ...grow.map((i) => ({ op: 'add', path: `/spec/workerGroupSpecs/${i}/scaleStrategy`, value: { workersToDelete: extra } })),
    ]);
    await waitForPlacement(cluster, applied);
    // Terminating pods still hold their node's resources; the next cluster must find them free.
    const deadline = Date.now() + PLACEMENT_TIMEOUT_MS;
    while (cluster.plane.list('pods').some((pod) => extra.includes(pod.metadata.name))) {
      if (Date.now() > deadline) throw new Error(`workers of ${label(rayCluster)} not gone after scaling back: ${extra.join(', ')}`);
      await sleep(500);
    }
  }
  return report;
}

/** `namespace/pod -> node (pool)` for reports. */
export function placementLine(cluster: EnvironmentCluster, pod: KubeObject, state: PodState): string {
  const node = state.state === 'running' ? state.node : '?';
  const pool = cluster.nodes.get(node)?.pool;
  return `  ${pod.metadata.namespace}/${pod.metadata.name} -> ${node} (${pool ? `pool ${pool.name}` : 'plain'})`;
}

/**
 * Waits until the operator has created every head and worker pod (RayJob and RayService clusters
 * included) and every pod in the cluster runs on a node of the right kind. Fails at once on a
 * misplaced pod, after a short settle on an unschedulable one once every claim is bound, or at the
 * timeout. Returns the pods.
 */
export async function waitForPlacement(cluster: EnvironmentCluster, applied: readonly KubeObject[]): Promise<Observation['pods']> {
  const rayObjects = applied.filter((o) => RAY_KINDS.has(o.kind));
  const deadline = Date.now() + PLACEMENT_TIMEOUT_MS;
  let unschedulableSince: number | undefined;
  for (;;) {
    const seen = observe(cluster, rayObjects);
    const states = seen.pods.map((p) => p.state.state);
    if (states.includes('misplaced')) throw new Error(describe(cluster, seen, 'pods on the wrong kind of node'));
    if (states.includes('unschedulable') && !seen.missing.some((m) => m.owner.kind === 'PersistentVolumeClaim')) {
      unschedulableSince ??= Date.now();
      if (Date.now() - unschedulableSince > UNSCHEDULABLE_SETTLE_MS) throw new Error(describe(cluster, seen, 'pods the scheduler cannot place'));
    } else {
      unschedulableSince = undefined;
    }
    if (seen.missing.length === 0 && states.every((s) => s === 'running')) return seen.pods;
    if (Date.now() > deadline) throw new Error(describe(cluster, seen, `not every pod was running after ${PLACEMENT_TIMEOUT_MS / 1000} s`));
    await sleep(1000);
  }
}
