import microdiff from 'microdiff';
import { Json } from '../../k8s/pod-templates';

/** Whether two JSON values are equal, structurally. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  return Array.isArray(a) === Array.isArray(b) && microdiff(a as Json, b as Json).length === 0;
}

/**
 * A RayClusterSpec without the fields KubeRay leaves out of the hash it compares to decide that
 * a cluster must be replaced: per worker group `replicas`, `minReplicas`, `maxReplicas` and
 * `scaleStrategy.workersToDelete` (the autoscaler's business), and `upgradeStrategy`
 * (KubeRay's `GenerateHashWithoutReplicasAndWorkersToDelete`).
 */
export function withoutScaling(spec: Json | undefined): Json {
  const { upgradeStrategy: _upgrade, ...rest } = spec ?? {};
  return {
    ...rest,
    workerGroupSpecs: ((spec?.workerGroupSpecs ?? []) as Json[]).map((group) => {
      const { replicas: _r, minReplicas: _min, maxReplicas: _max, scaleStrategy, ...kept } = group;
      const { workersToDelete: _w, ...strategy } = scaleStrategy ?? {};
      return Object.keys(strategy).length > 0 ? { ...kept, scaleStrategy: strategy } : kept;
    }),
  };
}

/** What a change to a Ray cluster's spec means for the pods that run it. */
export enum ClusterSpecChange {
  /** Nothing changed. */
  NONE = 'none',
  /** Only worker counts or their bounds changed: applied to the running cluster. */
  SCALING = 'scaling',
  /** Only worker groups appended at the end (the rest as before but for scaling): added in place. */
  APPENDED_GROUPS = 'appended-groups',
  /** Anything else: the pods must be replaced for it to take effect. */
  PODS = 'pods',
}

/** Classifies a change of a RayClusterSpec the way KubeRay's RayService controller does. */
export function classifyClusterSpecChange(before: Json | undefined, after: Json | undefined): ClusterSpecChange {
  if (sameJson(before ?? {}, after ?? {})) return ClusterSpecChange.NONE;
  const old = withoutScaling(before);
  const now = withoutScaling(after);
  if (sameJson(old, now)) return ClusterSpecChange.SCALING;
  const oldGroups = old.workerGroupSpecs.length;
  if (now.workerGroupSpecs.length > oldGroups && sameJson(old, { ...now, workerGroupSpecs: now.workerGroupSpecs.slice(0, oldGroups) })) {
    return ClusterSpecChange.APPENDED_GROUPS;
  }
  return ClusterSpecChange.PODS;
}
