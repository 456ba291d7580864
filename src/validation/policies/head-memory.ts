import { fieldPath } from '../../k8s/field-path';
import { Json, objectOrUndefined } from '../../k8s/json';
import { formatBytes, parseQuantity } from '../../k8s/quantity';
import { headGroupOf, rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { ObjectPolicy } from './policy';

// Sources (public reports of Ray heads OOM-killed, and the guidance that followed):
// - https://github.com/ray-project/kuberay/pull/4089: the head of KubeRay's RayService sample
//   uses about 3.5 GB; with its 2 GB limit it was OOM-killed, so the sample's limit was raised.
// - https://github.com/ray-project/kuberay/issues/4287 and pull/4288: the head of the RayCluster
//   sample (Ray 2.52) OOM-killed at start-up; the samples' head memory limits went to 4Gi.
// - https://docs.ray.io/en/latest/ray-core/head-node-memory-management.html: the head hosts the
//   GCS and the dashboard (which caches events and job and worker metadata), so its memory grows
//   with the cluster's life; keep tasks off it (`num-cpus: "0"`).
// - https://github.com/ray-project/ray/issues/63118: GCS memory growing on the head until the
//   Serve controller beside it is OOM-killed, in a crash-recovery loop.

/**
 * The least memory a Ray head gets: 4 GiB, the head limit KubeRay's samples use since
 * kuberay#4288 (below it the RayService sample's head, at about 3.5 GB, was OOM-killed).
 */
export const MIN_HEAD_MEMORY_BYTES = 4 * 2 ** 30;

/**
 * KubeRay's Ray container is the pod's first container (`utils.RayContainerIndex` = 0 in
 * ray-operator/controllers/ray/utils/constant.go).
 */
const RAY_CONTAINER_INDEX = 0;

/**
 * Whether Ray may schedule tasks and actors on the head: unless `num-cpus` is 0 (in the group's
 * `resources` map, which KubeRay v1.7.0 prefers, or in `rayStartParams`), KubeRay gives the head
 * the CPUs of its container and Ray places work there.
 */
function headRunsTasks(group: Json): boolean {
  const cpuEntry = Object.entries(objectOrUndefined(group.resources) ?? {}).find(([key]) => key.toLowerCase() === 'cpu');
  const numCpus = cpuEntry?.[1] ?? objectOrUndefined(group.rayStartParams)?.['num-cpus'];
  return numCpus === undefined || parseQuantity(numCpus) !== 0;
}

/**
 * A Ray head whose Ray container has less than 4 GiB of memory (its limit, or its request
 * when it sets no limit). The head runs the GCS and the dashboard, for a RayService also the
 * Serve controller and proxy, and their memory grows over the cluster's life: heads below this
 * were OOM-killed in KubeRay's own samples (see the sources above), which takes the whole
 * cluster down. A head without any memory value is left to `policy/container-resources`.
 */
export const headMemory: ObjectPolicy = {
  id: 'policy/head-memory',
  description: "a Ray head's container has at least 4Gi of memory (limit, else request)",
  // A floor from public reports, not a KubeRay rule: small dev heads may work for a while.
  severity: 'warning',
  check(obj) {
    const cluster = rayClusterSpecOf(obj);
    if (!cluster) return [];
    const head = headGroupOf(cluster);
    const containers: unknown[] = Array.isArray(head.podSpec?.containers) ? head.podSpec.containers : [];
    const resources = objectOrUndefined(objectOrUndefined(containers[RAY_CONTAINER_INDEX])?.resources);
    const kind = objectOrUndefined(resources?.limits)?.memory !== undefined ? 'limits' : 'requests';
    const memory: unknown = objectOrUndefined(resources?.[kind])?.memory;
    const bytes = parseQuantity(memory);
    if (bytes === undefined || bytes >= MIN_HEAD_MEMORY_BYTES) return [];
    const path = fieldPath(head.podSpecPath, 'containers', RAY_CONTAINER_INDEX, 'resources', kind, 'memory');
    const written = String(memory);
    const got = written === formatBytes(bytes) ? written : `${written} (${formatBytes(bytes)})`;
    const services = obj.kind === 'RayService' ? 'the GCS, the dashboard, the Serve controller and proxy' : 'the GCS and the dashboard';
    const tasks = headRunsTasks(head.group) ? ', plus the tasks and actors Ray schedules there (num-cpus is not 0)' : '';
    return [
      {
        rule: this.id,
        path,
        message:
          `Ray head memory ${kind === 'limits' ? 'limit' : 'request (no limit set)'}: expected >= ${formatBytes(MIN_HEAD_MEMORY_BYTES)}, got ${got}; ` +
          `the head runs ${services}${tasks}, and heads below 4Gi were OOM-killed in KubeRay's own samples (kuberay#4089, #4287)`,
      },
    ];
  },
};
