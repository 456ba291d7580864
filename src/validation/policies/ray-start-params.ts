import { kuberayLogicalCount } from '../../k8s/ray-logical-resources';
import { parseQuantity } from '../../k8s/quantity';
import { DEFAULT_OBJECT_STORE_SHARE, OBJECT_STORE_MINIMUM_BYTES, RAY_CONTAINER_MINIMUM_MEBIBYTES } from '../../k8s/ray-object-store';
import { fieldPath } from '../../k8s/field-path';
import { Finding } from '../finding';
import { dig } from '../kuberay/json';
import { ObjectPolicy } from './policy';
import { rayGroupsOf, rayNodeResources } from './ray-node-resources';

/**
 * A Ray worker that advertises 0 CPUs runs no task (tasks ask for 1 CPU by default): the work
 * waits for a CPU that never comes, e.g. a pipeline step hangs until its deadline (the
 * "half-core worker" report: a 500m worker whose `num-cpus` was rounded down to 0; KubeRay itself
 * rounds up, `generateRayStartCommand` in pod.go), and for a cluster whose only CPUs are on a head
 * with `num-cpus: 0`.
 */
export const rayAdvertisesCpus: ObjectPolicy = {
  id: 'policy/ray-advertises-cpus',
  description: 'every Ray worker advertises at least one CPU (a cluster without workers: the head does)',
  check(obj) {
    const groups = rayGroupsOf(obj);
    const [head, ...workers] = groups;
    const findings: Finding[] = [];
    for (const worker of workers) {
      const { cpus } = rayNodeResources(worker);
      if (cpus === 0) {
        findings.push({
          rule: this.id,
          path: fieldPath(worker.path, 'rayStartParams'),
          message: `worker group '${worker.name}' makes Ray advertise 0 CPUs, so no task (1 CPU by default) is ever scheduled there; expected num-cpus >= 1 (KubeRay derives ceil(CPU limit) when num-cpus is left out)`,
        });
      }
    }
    const maxWorkers = workers.reduce((sum, w) => sum + (Number(w.group.maxReplicas ?? w.group.replicas ?? 0) || 0), 0);
    if (head && maxWorkers === 0 && rayNodeResources(head).cpus === 0 && obj.kind !== 'RayCluster') {
      findings.push({
        rule: this.id,
        path: fieldPath(head.path, 'rayStartParams'),
        message: `the head advertises 0 CPUs and the ${obj.kind} has no workers, so its tasks never run; expected workers or head num-cpus >= 1`,
      });
    }
    return findings;
  },
};

/**
 * Ray's `num-gpus` agrees with the GPUs Kubernetes gives the Ray container: more and Ray schedules
 * GPU tasks on devices the container cannot see (CUDA errors); fewer and GPUs sit idle. KubeRay
 * derives num-gpus from the limit only when it is left out (`addWellKnownAcceleratorResources`
 * in pod.go), so a hand-written value can disagree.
 */
export const rayGpusMatchLimit: ObjectPolicy = {
  id: 'policy/ray-gpus-match-limit',
  description: "a group's Ray num-gpus equals the GPU limit of its Ray container",
  check(obj) {
    return rayGroupsOf(obj).flatMap((group) => {
      const { gpus, gpuLimit } = rayNodeResources(group);
      const limit = gpuLimit?.value ?? 0;
      if (gpus === undefined || gpus === kuberayLogicalCount(limit)) return [];
      const limitPath = fieldPath(group.rayContainerPath, 'resources', 'limits');
      return [
        {
          rule: this.id,
          // More GPUs for Ray than the container's GPU limit: Ray schedules GPU tasks on devices
          // the container cannot see, an error. No GPU limit at all: a warning, since num-gpus is
          // also used on purpose as a logical resource on CPU pods (KubeRay v1.7.0's own sample
          // ray-operator/config/samples/ray-job.resources.yaml does it). Fewer: idle GPUs, a warning.
          severity: gpus > limit && gpuLimit !== undefined ? ('error' as const) : ('warning' as const),
          path: fieldPath(group.path, 'rayStartParams', 'num-gpus'),
          message: `${group.name} group tells Ray num-gpus ${gpus} but the Ray container's GPU limit (${fieldPath(limitPath, gpuLimit?.key ?? 'nvidia.com/gpu')}) is ${limit}; expected them equal${gpus > limit ? ': Ray would schedule GPU tasks on devices the container cannot see' : ''}`,
        },
      ];
    });
  },
};


/**
 * The object store fits in the pod's memory, and is as large as Ray requires:
 * - KubeRay mounts `/dev/shm` as a memory emptyDir sized from the Ray container's memory
 *   (`makeEmptyDirVolume` in pod.go), and Ray places the object store there; an
 *   `object-store-memory` at or above the memory limit cannot be backed (the report: Ray refuses
 *   an object store bigger than /dev/shm, or the pod is OOM-killed);
 * - `ray start` refuses an object store below 75 MiB ("Attempting to cap object store memory
 *   usage at ... but the minimum allowed is 78643200 bytes", ray/_private/services.py), so the
 *   Ray container crash-loops: an `object-store-memory` below it, or without one a container of
 *   less than 250 MiB (Ray's default object store is 30% of the memory available).
 */
export const objectStoreFitsMemory: ObjectPolicy = {
  id: 'policy/object-store-fits-memory',
  description: "the Ray object store fits the Ray container's memory limit (/dev/shm) and is at least Ray's minimum of 75 MiB",
  check(obj) {
    return rayGroupsOf(obj).flatMap((group) => {
      const param = group.rayStartParams['object-store-memory'];
      const store = param === undefined ? undefined : Number(param);
      // The limit, or the request where no limit is set.
      const field = dig(group.rayContainer ?? {}, 'resources', 'limits', 'memory') !== undefined ? 'limits' : 'requests';
      const memory = dig(group.rayContainer ?? {}, 'resources', field, 'memory');
      const bytes = parseQuantity(memory);
      const at = fieldPath(group.path, 'rayStartParams', 'object-store-memory');
      const minimum = `Ray's minimum of ${OBJECT_STORE_MINIMUM_BYTES} bytes (75Mi; ray start refuses less and the Ray container crash-loops)`;
      if (store !== undefined && Number.isFinite(store) && store > 0) {
        if (store < OBJECT_STORE_MINIMUM_BYTES) {
          return [{ rule: this.id, path: at, message: `${group.name} group asks for an object store of ${store} bytes; expected at least ${minimum}` }];
        }
        if (bytes === undefined || store < bytes) return [];
        return [
          {
            rule: this.id,
            path: at,
            message: `${group.name} group asks for an object store of ${store} bytes but the Ray container's memory (and so /dev/shm) is ${memory} (${bytes} bytes); expected object-store-memory well below it (Ray's default is 30% of it)`,
          },
        ];
      }
      if (store !== undefined || bytes === undefined || bytes * DEFAULT_OBJECT_STORE_SHARE >= OBJECT_STORE_MINIMUM_BYTES) return [];
      return [
        {
          rule: this.id,
          path: fieldPath(group.rayContainerPath, 'resources', field, 'memory'),
          message: `${group.name} group's Ray container has ${memory} of memory, so Ray's default object store (30% of it) is ${Math.floor(bytes * DEFAULT_OBJECT_STORE_SHARE)} bytes; expected at least ${minimum}: give the container at least ${RAY_CONTAINER_MINIMUM_MEBIBYTES}Mi`,
        },
      ];
    });
  },
};

/**
 * `ray start` options that take a whole number: Ray declares them `type=int` (click options in
 * python/ray/scripts/scripts.py), so `--num-cpus=0.5` makes `ray start` exit with "is not a valid
 * integer" and the Ray container crash-loops.
 */
const WHOLE_NUMBER_PARAMS = ['num-cpus', 'num-gpus', 'memory', 'object-store-memory'];

/** rayStartParams resource values are whole numbers, as `ray start` parses them. */
export const rayStartParamsWholeNumbers: ObjectPolicy = {
  id: 'policy/ray-start-params-whole-numbers',
  description: 'rayStartParams num-cpus, num-gpus, memory and object-store-memory are whole numbers (ray start type=int)',
  check(obj) {
    return rayGroupsOf(obj).flatMap((group) => {
      const params = group.rayStartParams;
      return WHOLE_NUMBER_PARAMS.flatMap((key) => {
        const value = params[key];
        // A shell variable (`$NUM_CPUS`) is expanded by bash: unknown here.
        if (value === undefined || /^\s*(["']?)\d+\1\s*$/.test(value) || /^\$\{?\w+\}?$/.test(value.trim())) return [];
        return [
          {
            rule: this.id,
            path: fieldPath(group.path, 'rayStartParams', key),
            message: `${group.name} group's rayStartParams ${key}: expected a whole number (ray start declares --${key} an int and the container crash-loops otherwise), got ${JSON.stringify(value)}`,
          },
        ];
      });
    });
  },
};

/**
 * Characters bash treats specially in an unquoted word. `$` is left out: expanding an
 * environment variable (`redis-password: $REDIS_PASSWORD`, as KubeRay's samples do) is intended.
 */
const SHELL_SPECIAL = /[\s"'`&|;<>(){}*?[\]!#~\\]/;

/**
 * KubeRay v1.7.0 writes each rayStartParams entry into the container's `bash -lc` command as
 * ` --key=value ` without quoting (`convertParamMap` in pod.go), so a value with spaces, quotes
 * or braces is split or rewritten by bash and `ray start` fails or gets something else, e.g.
 * `resources: '{"TPU": 4}'` reaches Ray as `{TPU: 4}`.
 * A value wrapped whole in quotes, as KubeRay's samples write JSON (`'"{\"Custom1\": 1}"'`), is fine.
 */
export const rayStartParamsShellSafe: ObjectPolicy = {
  id: 'policy/ray-start-params-shell-safe',
  description: 'rayStartParams values survive the unquoted bash command KubeRay writes them into',
  check(obj) {
    return rayGroupsOf(obj).flatMap((group) =>
      Object.entries(group.rayStartParams).flatMap(([key, value]) => {
        const quoted = /^"[^"]*"$|^'[^']*'$/.test(value) || /^"(?:[^"\\]|\\.)*"$/.test(value);
        if (quoted || !SHELL_SPECIAL.test(value)) return [];
        const instead =
          key === 'resources'
            ? `use the group's typed 'resources' map instead (KubeRay v1.7.0), e.g. resources: {TPU: "4"}`
            : `wrap the whole value in quotes, e.g. '"${value.replace(/"/g, '\\"')}"'`;
        return [
          {
            rule: this.id,
            path: fieldPath(group.path, 'rayStartParams', key),
            message: `${group.name} group's rayStartParams ${key} ${JSON.stringify(value)} goes unquoted into the container's bash -lc command, where bash splits or rewrites it; ${instead}`,
          },
        ];
      }),
    );
  },
};
