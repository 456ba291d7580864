import { podTemplates } from '../../k8s/pod-templates';
import { Policy } from './policy';
import { canLandOn, podGpus, selectorAllows, untoleratedTaints } from './scheduling';

/**
 * A pod that requests GPUs selects the GPU pool (so it never waits on CPU nodes) and tolerates
 * its taints (or it stays Pending forever); a pod without GPUs can't land on GPU nodes (where
 * it would hold a GPU machine hostage).
 */
export const gpuPlacement: Policy = {
  id: 'policy/gpu-placement',
  description: 'GPU pods select and tolerate the GPU pool; other pods stay off GPU nodes',
  check(obj, { environment: env }) {
    return podTemplates(obj).flatMap((pod) => {
      const gpus = podGpus(pod);
      const gpuPool = env.gpuPool;
      if (gpus === 0) {
        return gpuPool && canLandOn(pod.spec, gpuPool)
          ? [{
              rule: this.id,
              path: pod.path,
              message: `pod requests no GPUs but can be scheduled on GPU pool '${gpuPool.name}' (it tolerates its taints and its nodeSelector allows it); select the CPU pool or drop the GPU tolerations`,
            }]
          : [];
      }
      if (!gpuPool) {
        return [{ rule: this.id, path: pod.path, message: `pod requests ${gpus} GPU(s) but environment '${env.name}' has no GPU node pool` }];
      }
      const findings = untoleratedTaints(pod.spec, gpuPool).map((taint) => ({
        rule: this.id,
        path: `${pod.path}.tolerations`,
        message: `pod requests ${gpus} GPU(s) but does not tolerate taint ${taint.key}${taint.value === undefined ? '' : `=${taint.value}`}:${taint.effect} of GPU pool '${gpuPool.name}'; expected a toleration for it`,
      }));
      if (!selectorAllows(pod.spec, gpuPool)) {
        findings.push({
          rule: this.id,
          path: `${pod.path}.nodeSelector`,
          message: `pod requests GPUs but its node selection excludes GPU pool '${gpuPool.name}' (expected ${JSON.stringify(gpuPool.nodeSelector)})`,
        });
      } else if (selectorAllows(pod.spec, env.cpuPool)) {
        findings.push({
          rule: this.id,
          path: `${pod.path}.nodeSelector`,
          message: `pod requests GPUs but does not select the GPU pool (expected nodeSelector ${JSON.stringify(gpuPool.nodeSelector)})`,
        });
      }
      return findings;
    });
  },
};
