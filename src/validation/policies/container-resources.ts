import { fieldPath } from '../../k8s/field-path';
import { podTemplates } from '../../k8s/pod-templates';
import { ObjectPolicy } from './policy';

// Source: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
// (requests drive scheduling, limits enforcement) and
// https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/config.html (Ray sizes itself
// from the container's limits; set requests and limits).

/**
 * Every container has CPU and memory requests and limits: without them the scheduler can't
 * pack nodes, Ray can't size itself, and one pod can starve its neighbours.
 */
export const containerResources: ObjectPolicy = {
  id: 'policy/container-resources',
  description: 'every container sets cpu and memory requests and limits',
  severity: 'warning',
  check(obj) {
    return podTemplates(obj).flatMap((pod) =>
      pod.containers.flatMap(({ path, container }) =>
        (['requests', 'limits'] as const).flatMap((kind) =>
          (['cpu', 'memory'] as const)
            .filter((resource) => container.resources?.[kind]?.[resource] === undefined)
            .map((resource) => ({
              rule: this.id,
              path: fieldPath(path, 'resources', kind, resource),
              message: `container '${container.name}': expected resources.${kind}.${resource}, got none`,
            })),
        ),
      ),
    );
  },
};
