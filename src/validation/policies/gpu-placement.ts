import { gpusPerNode } from '../../environments/accelerators';
import { NodePool } from '../../environments/types';
import { Json, podTemplates } from '../../k8s/pod-templates';
import { Policy } from './policy';
import { landablePools, podGpus, selectorAllows, untoleratedTaints } from '../../placement/scheduling';

// Source: https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/ and
// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/ (GPU nodes are
// tainted; a pod lands there only if it tolerates the taint).

/** Why a pod can't land on a pool: its node selection excludes it, or taints it does not tolerate. */
function whyNot(podSpec: Json, pool: NodePool): string {
  const taints = untoleratedTaints(podSpec, pool).map((t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`);
  const reasons = [
    ...(selectorAllows(podSpec, pool) ? [] : [`its nodeSelector/affinity excludes the pool's labels`]),
    ...(taints.length > 0 ? [`no toleration for ${taints.join(', ')}`] : []),
  ];
  return `'${pool.name}': ${reasons.join('; ')}`;
}

/**
 * Every pod can land on some node pool of the environment; a pod that requests GPUs can land
 * only on GPU pools whose nodes have that many GPUs (it selects them and tolerates their taints,
 * or it stays Pending forever); a pod without GPUs can't land on GPU nodes (where it would hold
 * a GPU machine hostage).
 */
export const gpuPlacement: Policy = {
  id: 'policy/gpu-placement',
  description: 'every pod can land on a pool; GPU pods only on GPU pools with enough GPUs per node; other pods stay off GPU nodes',
  check(obj, { environment: env }) {
    return podTemplates(obj).flatMap((pod) => {
      const gpus = podGpus(pod);
      const pools = landablePools(env, pod);
      if (gpus > 0 && !env.nodePools.some((p) => gpusPerNode(p) > 0)) {
        return [{ rule: this.id, path: pod.path, message: `pod requests ${gpus} GPU(s) but environment '${env.name}' has no GPU node pool` }];
      }
      if (pools.length === 0) {
        const candidates = env.nodePools.filter((p) => (gpus > 0 ? gpusPerNode(p) >= gpus : gpusPerNode(p) === 0));
        const why = candidates.length > 0 ? `: ${candidates.map((p) => whyNot(pod.spec, p)).join('; ')}` : '';
        return [{
          rule: this.id,
          path: pod.path,
          message: `pod requests ${gpus} GPU(s) but can land on no node pool of environment '${env.name}'${why}; expected to select and tolerate ${gpus > 0 ? 'a GPU pool with that many GPUs per node' : 'a CPU pool'}`,
        }];
      }
      if (gpus === 0) {
        return pools.filter((p) => gpusPerNode(p) > 0).map((pool) => ({
          rule: this.id,
          path: pod.path,
          message: `pod requests no GPUs but can be scheduled on GPU pool '${pool.name}' (it tolerates its taints and its node selection allows it); expected it to select CPU pools only`,
        }));
      }
      return pools.filter((p) => gpusPerNode(p) < gpus).map((pool) => ({
        rule: this.id,
        path: pod.path,
        message: `pod requests ${gpus} GPU(s) but can be scheduled on pool '${pool.name}' whose ${pool.instanceType} nodes have ${gpusPerNode(pool)}; expected it to select only GPU pools with at least ${gpus} GPUs per node`,
      }));
    });
  },
};
