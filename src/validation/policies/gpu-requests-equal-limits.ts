import { fieldPath } from '../../k8s/field-path';
import { podTemplates } from '../../k8s/pod-templates';
import { ObjectPolicy } from './policy';

// Source: https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/ (GPUs are specified in
// limits; when requests are given too they must equal the limits).

/** Extended GPU resources (`nvidia.com/gpu`, `amd.com/gpu`) can't be overcommitted: Kubernetes wants requests = limits. */
export const gpuRequestsEqualLimits: ObjectPolicy = {
  id: 'policy/gpu-requests-equal-limits',
  description: 'GPU requests equal GPU limits',
  check(obj) {
    return podTemplates(obj).flatMap((pod) =>
      pod.containers.flatMap(({ path, container }) => {
        const requests = container.resources?.requests ?? {};
        const limits = container.resources?.limits ?? {};
        const gpuKeys = [...new Set([...Object.keys(requests), ...Object.keys(limits)])].filter((k) => /gpu/i.test(k));
        return gpuKeys
          .filter((key) => String(requests[key] ?? limits[key]) !== String(limits[key]))
          .map((key) => ({
            rule: this.id,
            path: fieldPath(path, 'resources', 'limits', key),
            message: `${key}: expected requests equal to limits (${limits[key] ?? 'unset'}), got requests ${requests[key] ?? 'unset'}`,
          }));
      }),
    );
  },
};
