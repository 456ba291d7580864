import { fieldPath } from './field-path';
import { Json, objectOrUndefined } from './json';

/**
 * Where each KubeRay kind keeps the RayClusterSpec of the cluster it runs (KubeRay v1.7.0,
 * `ray-operator/apis/ray/v1/`): a RayCluster's `spec` (raycluster_types.go), a RayJob's
 * `spec.rayClusterSpec` (rayjob_types.go), a RayService's `spec.rayClusterConfig`
 * (rayservice_types.go) and a RayCronJob's `spec.jobTemplate.rayClusterSpec`
 * (raycronjob_types.go: `jobTemplate` is a RayJobSpec).
 */
const CLUSTER_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  RayCluster: ['spec'],
  RayJob: ['spec', 'rayClusterSpec'],
  RayService: ['spec', 'rayClusterConfig'],
  RayCronJob: ['spec', 'jobTemplate', 'rayClusterSpec'],
};

/** A RayClusterSpec found inside an object, with its field path. */
export interface RayClusterSpecRef {
  /** Path of the spec in the object: `spec`, `spec.rayClusterSpec`, `spec.rayClusterConfig`, `spec.jobTemplate.rayClusterSpec`. */
  readonly path: string;
  readonly spec: Json;
}

/**
 * The RayClusterSpec `obj` embeds, by its `kind`; `undefined` for other kinds and where the
 * field is absent or not an object (a RayJob that runs on an existing cluster through
 * `clusterSelector` embeds none).
 */
export function rayClusterSpecOf(obj: Json): RayClusterSpecRef | undefined {
  const keys = Object.hasOwn(CLUSTER_SPEC_PATH, String(obj.kind)) ? CLUSTER_SPEC_PATH[obj.kind] : undefined;
  if (!keys) return undefined;
  // Keyed by the object read back, which is never changed after parsing: every rule asking
  // about one object gets the same ref, and so shares the groups memoized on it below.
  if (clusterSpecs.has(obj)) return clusterSpecs.get(obj);
  const spec = objectOrUndefined(keys.reduce<unknown>((value, key) => objectOrUndefined(value)?.[key], obj));
  const ref = spec ? { path: fieldPath(keys[0], ...keys.slice(1)), spec } : undefined;
  clusterSpecs.set(obj, ref);
  return ref;
}

const clusterSpecs = new WeakMap<Json, RayClusterSpecRef | undefined>();

/** A RayJobSpec found inside an object, with its field path (`spec`, `spec.jobTemplate`): the same shape. */
export type RayJobSpecRef = RayClusterSpecRef;

/**
 * The RayJobSpec `obj` holds: a RayJob's `spec` (rayjob_types.go) or a RayCronJob's
 * `spec.jobTemplate` (raycronjob_types.go); `undefined` for other kinds and where it is absent.
 */
export function rayJobSpecOf(obj: Json): RayJobSpecRef | undefined {
  const spec = obj.kind === 'RayJob' ? objectOrUndefined(obj.spec) : obj.kind === 'RayCronJob' ? objectOrUndefined(obj.spec?.jobTemplate) : undefined;
  return spec ? { path: obj.kind === 'RayJob' ? 'spec' : 'spec.jobTemplate', spec } : undefined;
}

/** KubeRay's `ray.io/group` label value of head pods (`utils.RayNodeHeadGroupLabelValue`). */
export const HEAD_GROUP_NAME = 'headgroup';

/** One node group of a RayClusterSpec (the head or a worker group), with its field paths. */
export interface RayGroupRef {
  /** `headgroup` for the head (the pods' `ray.io/group` label), else the worker group's `groupName` (`undefined` unless a string). */
  readonly groupName: string | undefined;
  /** Index in `workerGroupSpecs`; `undefined` for the head group. */
  readonly workerIndex?: number;
  /** Path of the group: `spec.rayClusterConfig.headGroupSpec`, `spec.workerGroupSpecs[1]`. */
  readonly path: string;
  /** The group as written; `{}` when absent or not an object. */
  readonly group: Json;
  /** `template.spec` of the group, `undefined` when absent or not an object. */
  readonly podSpec: Json | undefined;
  /** Path of `template.spec`. */
  readonly podSpecPath: string;
}

function groupRef(path: string, value: unknown, workerIndex?: number): RayGroupRef {
  const group = objectOrUndefined(value) ?? {};
  const podSpec = objectOrUndefined(objectOrUndefined(group.template)?.spec);
  const podSpecPath = fieldPath(path, 'template', 'spec');
  return workerIndex === undefined
    ? { groupName: HEAD_GROUP_NAME, path, group, podSpec, podSpecPath }
    : { groupName: typeof group.groupName === 'string' ? group.groupName : undefined, workerIndex, path, group, podSpec, podSpecPath };
}

/** The groups of one cluster spec, each worked out when first asked for. */
interface ClusterGroups {
  head?: RayGroupRef;
  workers?: readonly RayGroupRef[];
}

/**
 * Keyed by the cluster spec object (never changed after parsing), then by its path: a RayCronJob's
 * `jobTemplate` is also checked as a RayJob of its own, which sees the same spec at another path.
 */
const clusterGroups = new WeakMap<Json, Map<string, ClusterGroups>>();

function groupsOf(cluster: RayClusterSpecRef): ClusterGroups {
  let byPath = clusterGroups.get(cluster.spec);
  if (!byPath) clusterGroups.set(cluster.spec, (byPath = new Map()));
  let groups = byPath.get(cluster.path);
  if (!groups) byPath.set(cluster.path, (groups = {}));
  return groups;
}

/** The head group of a cluster spec (`{}` as `group` when `headGroupSpec` is absent). */
export function headGroupOf(cluster: RayClusterSpecRef): RayGroupRef {
  const groups = groupsOf(cluster);
  return (groups.head ??= groupRef(fieldPath(cluster.path, 'headGroupSpec'), cluster.spec.headGroupSpec));
}

/** The worker groups of a cluster spec, in `workerGroupSpecs` order. */
export function workerGroupsOf(cluster: RayClusterSpecRef): readonly RayGroupRef[] {
  const groups = groupsOf(cluster);
  if (!groups.workers) {
    const specs: unknown[] = Array.isArray(cluster.spec.workerGroupSpecs) ? cluster.spec.workerGroupSpecs : [];
    groups.workers = specs.map((group, i) => groupRef(fieldPath(cluster.path, 'workerGroupSpecs', i), group, i));
  }
  return groups.workers;
}
