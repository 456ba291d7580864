import { kuberayLogicalCount } from '../../k8s/ray-logical-resources';
import { parseQuantity } from '../../k8s/quantity';
import { RayGroup, allGroups, clusterScopeOf, isKubeRayObject } from '../kuberay/cluster-scope';
import { JsonObject, asObject, asStringMap, dig } from '../kuberay/json';

/** The `ray start` resources a group's Ray container advertises, derived as KubeRay v1.7.0 does. */
export interface RayNodeResources {
  /** `--num-cpus`; undefined when Ray detects it itself (no CPU anywhere). */
  readonly cpus: number | undefined;
  /** `--num-gpus`; undefined when no GPU anywhere. */
  readonly gpus: number | undefined;
  /** `--memory` in bytes; undefined when Ray detects it itself (no memory limit). */
  readonly memory: number | undefined;
  /** The GPU limit of the Ray container and its key (`nvidia.com/gpu`). */
  readonly gpuLimit: { readonly key: string; readonly value: number } | undefined;
}

const GPU_KEY = /gpu$/i;

/**
 * KubeRay v1.7.0 (`ray-operator/controllers/ray/common/pod.go`, `generateRayStartCommand` and
 * `updateRayStartParamsResources`): the group-level `resources` map wins, then an explicit
 * rayStartParams value, then the Ray container's limit (CPU: else its request; memory and GPUs:
 * the limit only), each rounded up (`kuberayLogicalCount`).
 */
export function rayNodeResources(group: RayGroup): RayNodeResources {
  let resources = nodeResources.get(group);
  if (!resources) nodeResources.set(group, (resources = deriveNodeResources(group)));
  return resources;
}

/** Keyed by the group (`allGroups` gives the same RayGroup every time), whose object is never changed after parsing. */
const nodeResources = new WeakMap<RayGroup, RayNodeResources>();

function deriveNodeResources(group: RayGroup): RayNodeResources {
  const params = group.rayStartParams;
  const groupResources = asStringMap(group.group.resources);
  const limits = asObject(dig(group.rayContainer ?? {}, 'resources', 'limits')) ?? {};
  const requests = asObject(dig(group.rayContainer ?? {}, 'resources', 'requests')) ?? {};
  const count = (value: unknown) => {
    const q = parseQuantity(value);
    return q === undefined || q === 0 ? undefined : kuberayLogicalCount(q);
  };
  const explicit = (value: string | undefined) => (value === undefined || value.trim() === '' || Number.isNaN(Number(value)) ? undefined : Number(value));
  const inGroup = (test: (key: string) => boolean) => Object.entries(groupResources).find(([k]) => test(k))?.[1];
  const gpuKey = Object.keys(limits).sort().find((k) => GPU_KEY.test(k) && count(limits[k]) !== undefined);
  return {
    cpus: count(inGroup((k) => k.toLowerCase() === 'cpu')) ?? explicit(params['num-cpus']) ?? count(limits.cpu) ?? count(requests.cpu),
    gpus: count(inGroup((k) => GPU_KEY.test(k))) ?? explicit(params['num-gpus']) ?? (gpuKey ? count(limits[gpuKey]) : undefined),
    memory: count(inGroup((k) => k.toLowerCase() === 'memory')) ?? explicit(params.memory) ?? count(limits.memory),
    gpuLimit: gpuKey ? { key: gpuKey, value: parseQuantity(limits[gpuKey]) ?? 0 } : undefined,
  };
}

/** Head first, then the workers, of any KubeRay kind that embeds a cluster; `[]` otherwise. */
export function rayGroupsOf(obj: JsonObject): readonly RayGroup[] {
  if (!isKubeRayObject(obj)) return [];
  const cluster = clusterScopeOf(obj);
  return cluster ? allGroups(cluster) : [];
}
