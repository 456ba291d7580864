import { RayClusterSpecRef, workerGroupsOf } from '../k8s/ray-cluster-spec';

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
  return workerGroupsOf(cluster).map(({ group, groupName, podSpecPath }) => {
    const hosts = group.numOfHosts ?? 1;
    const suspended = group.suspend === true;
    const replicas = autoscaled ? (group.maxReplicas ?? group.replicas ?? 0) : (group.replicas ?? group.minReplicas ?? 0);
    return {
      groupName: String(groupName),
      podPath: podSpecPath,
      minPods: suspended ? 0 : (group.minReplicas ?? 0) * hosts,
      maxPods: suspended ? 0 : replicas * hosts,
    };
  });
}
