import { fieldPath } from '../../k8s/field-path';
import { RayGroupRef, headGroupOf, rayClusterSpecOf, workerGroupsOf } from '../../k8s/ray-cluster-spec';
import { JsonObject, asArray, asObject, asString, asStringMap, dig } from './json';

export type KubeRayKind = 'RayCluster' | 'RayJob' | 'RayService';

export const KUBERAY_KINDS: readonly KubeRayKind[] = ['RayCluster', 'RayJob', 'RayService'];

/** A `ray.io/v1` RayCluster, RayJob or RayService. */
export function isKubeRayObject(obj: JsonObject): obj is JsonObject & { readonly kind: KubeRayKind } {
  return obj.apiVersion === 'ray.io/v1' && (KUBERAY_KINDS as readonly unknown[]).includes(obj.kind);
}

/**
 * A RayCluster spec wherever it sits: `spec` of a RayCluster, `spec.rayClusterSpec` of a RayJob,
 * `spec.rayClusterConfig` of a RayService. KubeRay runs the same cluster checks on all three,
 * with the annotations of the object that holds the spec (that is where `ray.io/ft-enabled` and
 * `ray.io/external-storage-namespace` are read from).
 */
export interface ClusterScope {
  /** Path of the spec inside the object, e.g. `spec.rayClusterSpec`. */
  readonly path: string;
  readonly spec: JsonObject;
  /** Kind of the object that holds the spec. */
  readonly owner: KubeRayKind;
  /** `metadata.annotations` of the object that holds the spec. */
  readonly annotations: Readonly<Record<string, string>>;
  /** `metadata.labels` of the object that holds the spec. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Keyed by the object read back (never changed after parsing): every rule and policy asks for it. */
const scopes = new WeakMap<JsonObject, ClusterScope | undefined>();

/** The cluster spec of `obj`, or `undefined` (a RayJob that selects an existing cluster). */
export function clusterScopeOf(obj: JsonObject & { readonly kind: KubeRayKind }): ClusterScope | undefined {
  if (scopes.has(obj)) return scopes.get(obj);
  const cluster = rayClusterSpecOf(obj);
  const scope = cluster && {
    path: cluster.path,
    spec: cluster.spec,
    owner: obj.kind,
    annotations: asStringMap(dig(obj, 'metadata', 'annotations')),
    labels: asStringMap(dig(obj, 'metadata', 'labels')),
  };
  scopes.set(obj, scope);
  return scope;
}

/** One Ray node group (head or worker) with the paths rules report against. */
export interface RayGroup {
  /** `Head` or the worker's `groupName`, for messages. */
  readonly name: string;
  readonly path: string;
  readonly group: JsonObject;
  /** `<group>.template.spec`. */
  readonly podSpec: JsonObject;
  readonly podSpecPath: string;
  /** containers[0]: KubeRay always treats the first container as the Ray container. */
  readonly rayContainer: JsonObject | undefined;
  readonly rayContainerPath: string;
  /** The group's `rayStartParams` as a string map (`asStringMap`: entries that are not strings left out). */
  readonly rayStartParams: Readonly<Record<string, string>>;
}

/** Keyed by the group ref, which `headGroupOf`/`workerGroupsOf` build once per cluster spec. */
const groups = new WeakMap<RayGroupRef, RayGroup>();

function rayGroup(name: string, ref: RayGroupRef): RayGroup {
  let group = groups.get(ref);
  if (!group) {
    const podSpec = ref.podSpec ?? {};
    group = {
      name,
      path: ref.path,
      group: ref.group,
      podSpec,
      podSpecPath: ref.podSpecPath,
      rayContainer: asObject(asArray(podSpec.containers)[0]),
      rayContainerPath: fieldPath(ref.podSpecPath, 'containers', 0),
      rayStartParams: asStringMap(ref.group.rayStartParams),
    };
    groups.set(ref, group);
  }
  return group;
}

export function headGroup(cluster: ClusterScope): RayGroup {
  return rayGroup('Head', headGroupOf(cluster));
}

/** Keyed by the worker group refs (`workerGroupsOf` builds the list once per cluster spec). */
const workerLists = new WeakMap<readonly RayGroupRef[], readonly RayGroup[]>();

export function workerGroups(cluster: ClusterScope): readonly RayGroup[] {
  const refs = workerGroupsOf(cluster);
  let workers = workerLists.get(refs);
  if (!workers) workerLists.set(refs, (workers = refs.map((ref, index) => rayGroup(ref.groupName ?? `#${index}`, ref))));
  return workers;
}

/** Keyed by the head's RayGroup (one per cluster spec and path, see `rayGroup`). */
const groupLists = new WeakMap<RayGroup, readonly RayGroup[]>();

/** Head first, then the workers: the groups that carry rayStartParams, resources and labels. */
export function allGroups(cluster: ClusterScope): readonly RayGroup[] {
  const head = headGroup(cluster);
  let all = groupLists.get(head);
  if (!all) groupLists.set(head, (all = [head, ...workerGroups(cluster)]));
  return all;
}

/** KubeRay's "autoscaling enabled": `enableInTreeAutoscaling: true`. */
export function isAutoscaling(spec: JsonObject | undefined): boolean {
  return spec?.enableInTreeAutoscaling === true;
}

/** KubeRay's "autoscaler v2": `autoscalerOptions.version: v2` (whether or not autoscaling is on). */
export function isAutoscalerV2(spec: JsonObject): boolean {
  return dig(spec, 'autoscalerOptions', 'version') === 'v2';
}

/** Index of the env var `name` in a container (or any `env` list holder), -1 if absent. */
export function envIndex(container: JsonObject | undefined, name: string): number {
  return asArray(container?.env).findIndex((entry) => asObject(entry)?.name === name);
}

/** Literal value of env var `name`, `undefined` when absent or not a literal. */
export function envValue(container: JsonObject | undefined, name: string): string | undefined {
  const index = envIndex(container, name);
  return index < 0 ? undefined : asString(asObject(asArray(container?.env)[index])?.value);
}

/** The legacy switch: head env `RAY_enable_autoscaler_v2` set to `1` or `true`. */
export function headEnvEnablesAutoscalerV2(cluster: ClusterScope): boolean {
  const value = envValue(headGroup(cluster).rayContainer, 'RAY_enable_autoscaler_v2');
  return value === '1' || value === 'true';
}

