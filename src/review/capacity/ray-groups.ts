import { fieldPath } from '../../k8s/field-path';
import { Json } from '../../k8s/pod-templates';

/** The RayClusterSpec inside an object, with its path (`spec.rayClusterConfig`). */
export interface RayClusterSpecRef {
  readonly path: string;
  readonly spec: Json;
}

/** Where each Ray kind keeps the spec of the cluster it runs. */
const CLUSTER_SPEC_FIELD: Readonly<Record<string, string | undefined>> = {
  RayCluster: undefined,
  RayJob: 'rayClusterSpec',
  RayService: 'rayClusterConfig',
};

/** The Ray cluster an object runs, if any (a RayJob with a `clusterSelector` runs none). */
export function rayClusterSpec(obj: Json): RayClusterSpecRef | undefined {
  if (!(obj.kind in CLUSTER_SPEC_FIELD) || !String(obj.apiVersion ?? '').startsWith('ray.io/')) return undefined;
  const field = CLUSTER_SPEC_FIELD[obj.kind];
  const spec = field ? obj.spec?.[field] : obj.spec;
  return spec ? { path: field ? fieldPath('spec', field) : 'spec', spec } : undefined;
}

/** One worker group of a Ray cluster at its largest. */
export interface WorkerGroupScale {
  readonly groupName: string;
  /** Path of the group's pod spec, as `podTemplates()` reports it. */
  readonly podPath: string;
  readonly minPods: number;
  /** Pods at the most: `maxReplicas` with the autoscaler, else `replicas`; times `numOfHosts`. */
  readonly maxPods: number;
}

/**
 * Pods per worker group at the cluster's largest. KubeRay's defaults apply to unset fields
 * (replicas 0, minReplicas 0, numOfHosts 1); without the autoscaler KubeRay keeps `replicas`.
 */
export function workerGroupScales(cluster: RayClusterSpecRef): WorkerGroupScale[] {
  const autoscaled = cluster.spec.enableInTreeAutoscaling === true;
  return ((cluster.spec.workerGroupSpecs ?? []) as Json[]).map((group, i) => {
    const hosts = group.numOfHosts ?? 1;
    const suspended = group.suspend === true;
    const replicas = autoscaled ? (group.maxReplicas ?? group.replicas ?? 0) : (group.replicas ?? group.minReplicas ?? 0);
    return {
      groupName: String(group.groupName),
      podPath: fieldPath(cluster.path, 'workerGroupSpecs', i, 'template', 'spec'),
      minPods: suspended ? 0 : (group.minReplicas ?? 0) * hosts,
      maxPods: suspended ? 0 : replicas * hosts,
    };
  });
}
