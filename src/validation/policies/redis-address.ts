import { fieldPath } from '../../k8s/field-path';
import { headGroupOf, rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { REDIS_ADDRESS_FORMS, redisAddressProblem } from '../../k8s/redis-address';
import { Finding } from '../finding';
import { ObjectPolicy } from './policy';

/**
 * The external Redis of a fault-tolerant Ray head is an address Ray reads: KubeRay passes
 * `gcsFaultToleranceOptions.redisAddress` (or the head's own `RAY_REDIS_ADDRESS` env var) to
 * `ray start` unchecked, and an address without a port (`redis-ha.redis.svc`) or with another
 * scheme makes the head fail at start while the object shows Synced (see `redisAddressProblem`).
 * Checks both places on every kind that embeds a RayClusterSpec.
 */
export const redisAddress: ObjectPolicy = {
  id: 'policy/redis-address',
  description: `a GCS fault-tolerance Redis address is ${REDIS_ADDRESS_FORMS}`,
  check(obj) {
    const cluster = rayClusterSpecOf(obj);
    if (!cluster) return [];
    const findings: Finding[] = [];
    const judge = (address: unknown, path: string): void => {
      if (typeof address !== 'string') return;
      const problem = redisAddressProblem(address);
      if (problem) findings.push({ rule: this.id, path, message: `expected ${REDIS_ADDRESS_FORMS}, got '${address}': ${problem}; the head's ray start fails` });
    };
    const options = cluster.spec.gcsFaultToleranceOptions;
    if (options !== null && typeof options === 'object') judge(options.redisAddress, fieldPath(cluster.path, 'gcsFaultToleranceOptions', 'redisAddress'));
    const head = headGroupOf(cluster);
    const rayContainer = Array.isArray(head.podSpec?.containers) ? head.podSpec.containers[0] : undefined;
    const env: unknown = rayContainer?.env;
    if (Array.isArray(env)) {
      env.forEach((entry, i) => {
        if (entry?.name === 'RAY_REDIS_ADDRESS') judge(entry.value, fieldPath(head.podSpecPath, 'containers', 0, 'env', i, 'value'));
      });
    }
    return findings;
  },
};
