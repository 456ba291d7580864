import { fieldPath } from '../../k8s/field-path';
import { clusterScopeOf, isKubeRayObject, workerGroups } from '../kuberay/cluster-scope';
import { asNumber } from '../kuberay/json';
import { ObjectPolicy } from './policy';

/** maxReplicas' CRD default. */
const MAX_INT32 = 2147483647;

/**
 * An explicit `replicas` of a worker group lies within [minReplicas, maxReplicas]. Not a KubeRay
 * error: KubeRay v1.7.0 clamps the replica count into the bounds without a word
 * (`ray-operator/controllers/ray/raycluster_controller.go`, reconcilePods), so the manifest says
 * something the cluster does not do. Only an explicit `replicas` is checked (its CRD default 0
 * below a positive minReplicas is the usual way to say "start at the minimum"), and only when
 * min <= max (otherwise `kuberay/min-replicas-le-max` reports).
 */
export const replicasWithinBounds: ObjectPolicy = {
  id: 'policy/replicas-within-bounds',
  description: 'an explicit replicas of a worker group lies within [minReplicas, maxReplicas] (KubeRay clamps it)',
  severity: 'warning',
  check(obj) {
    if (!isKubeRayObject(obj)) return [];
    const cluster = clusterScopeOf(obj);
    if (!cluster) return [];
    return workerGroups(cluster).flatMap((worker) => {
      const replicas = asNumber(worker.group.replicas);
      const min = asNumber(worker.group.minReplicas) ?? 0;
      const max = asNumber(worker.group.maxReplicas) ?? MAX_INT32;
      if (replicas === undefined || min > max || (replicas >= min && replicas <= max) || worker.group.suspend === true) return [];
      return [
        {
          rule: this.id,
          path: fieldPath(worker.path, 'replicas'),
          message: `worker group '${worker.name}' has replicas ${replicas} outside [minReplicas ${min}, maxReplicas ${max}]; KubeRay silently runs ${Math.min(Math.max(replicas, min), max)}`,
        },
      ];
    });
  },
};
