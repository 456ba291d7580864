import { fieldPath } from '../../k8s/field-path';
import { asObject } from '../kuberay/json';
import { REDIS_ADDRESS_FORMS, redisAddressProblem } from '../../k8s/redis-address';
import { Finding } from '../finding';
import { clusterScopeOf, envIndex, envValue, headGroup, isKubeRayObject } from '../kuberay/cluster-scope';
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
    const cluster = isKubeRayObject(obj) ? clusterScopeOf(obj) : undefined;
    if (!cluster) return [];
    const findings: Finding[] = [];
    const judge = (address: unknown, path: string): void => {
      if (typeof address !== 'string') return;
      const problem = redisAddressProblem(address);
      if (problem) findings.push({ rule: this.id, path, message: `expected ${REDIS_ADDRESS_FORMS}, got '${address}': ${problem}; the head's ray start fails` });
    };
    judge(asObject(cluster.spec.gcsFaultToleranceOptions)?.redisAddress, fieldPath(cluster.path, 'gcsFaultToleranceOptions', 'redisAddress'));
    const head = headGroup(cluster);
    const index = envIndex(head.rayContainer, 'RAY_REDIS_ADDRESS');
    if (index >= 0) judge(envValue(head.rayContainer, 'RAY_REDIS_ADDRESS'), fieldPath(head.rayContainerPath, 'env', index, 'value'));
    return findings;
  },
};
