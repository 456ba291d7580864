import { Json, podTemplates } from '../../k8s/pod-templates';
import { rayServiceUpgradeType } from '../../k8s/ray-service-upgrade';
import { argoWorkflowSpec, embeddedObjects } from '../../k8s/argo-workflows';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { objectScale } from '../../capacity/scale';
import { ObjectId, objectId } from '../object-id';
import { ClusterSpecChange, classifyClusterSpecChange, sameJson } from './cluster-spec-change';

/** What applying a changed object does to running pods. */
export interface Rollout {
  readonly object: ObjectId;
  /** Running pods are replaced. */
  readonly replacesPods: boolean;
  /** GPUs needed on top of those in use while the change rolls out. */
  readonly extraGpusAtPeak: number;
  readonly message: string;
  /**
   * For a NewCluster RayService upgrade: whether the environment's node pools have room for the
   * second cluster, and what to change when they have not.
   * @default - not checked (no second cluster, or the environment's pools are not known)
   */
  readonly pools?: string;
}

/**
 * How a change of one object rolls out, or `undefined` when it touches no pods. `renamed`:
 * the object has a new identity, which Argo CD applies as create-then-prune.
 */
export function rollout(before: Json, after: Json, renamed: boolean): Rollout | undefined {
  const object = objectId(after);
  const message = renamed ? renamedMessage(after) : undefined;
  if (message) return { object, replacesPods: true, extraGpusAtPeak: objectScale(after).gpus, message };
  if (after.kind === 'RayService' && rayClusterSpecOf(after)) return rayServiceRollout(object, before, after);
  if (after.kind === 'RayJob') {
    if (sameJson(before.spec ?? {}, after.spec ?? {})) return undefined;
    return {
      object,
      replacesPods: false,
      extraGpusAtPeak: 0,
      message: 'job changed: KubeRay does not change a submitted RayJob; the change runs when the RayJob is created again',
    };
  }
  if (after.kind === 'RayCluster') return rayClusterRollout(object, before, after);
  if (!podsChanged(before, after)) return undefined;
  if (argoWorkflowSpec(after)) {
    return { object, replacesPods: false, extraGpusAtPeak: 0, message: 'pods changed: the next workflow run uses them; running workflows keep theirs' };
  }
  const rolling = ['Deployment', 'StatefulSet', 'DaemonSet'].includes(after.kind);
  return {
    object,
    replacesPods: rolling,
    extraGpusAtPeak: 0,
    message: rolling ? 'pod template changed: rolling restart of its pods' : 'pod template changed: the next run uses it',
  };
}

function renamedMessage(after: Json): string | undefined {
  if (!rayClusterSpecOf(after) && podTemplates(after).length === 0) return undefined;
  const gpus = objectScale(after).gpus;
  return (
    'renamed: Argo CD creates the new object and prunes the old one, so its pods are replaced, ' +
    `not upgraded in place (the new one needs ${gpus} GPU${gpus === 1 ? '' : 's'} at max scale while the old one still runs)`
  );
}

function rayServiceRollout(object: ObjectId, before: Json, after: Json): Rollout | undefined {
  const change = classifyClusterSpecChange(rayClusterSpecOf(before)?.spec, rayClusterSpecOf(after)?.spec);
  const serveChanged = !sameJson(before.spec?.serveConfigV2 ?? null, after.spec?.serveConfigV2 ?? null);
  const inPlace = (message: string): Rollout => ({ object, replacesPods: false, extraGpusAtPeak: 0, message });
  switch (change) {
    case ClusterSpecChange.NONE:
      return serveChanged ? inPlace('Serve config only: applied in place to the running cluster, no new cluster, no extra GPUs') : undefined;
    case ClusterSpecChange.SCALING:
      return inPlace(`worker scaling bounds changed${serveChanged ? ' (and Serve config)' : ''}: applied in place to the running cluster, no new cluster`);
    case ClusterSpecChange.APPENDED_GROUPS:
      return inPlace(`worker groups appended${serveChanged ? ' (and Serve config)' : ''}: KubeRay adds them to the running cluster in place, no new cluster`);
    case ClusterSpecChange.PODS:
      return rayServiceUpgrade(object, after, serveChanged);
  }
}

function rayServiceUpgrade(object: ObjectId, after: Json, serveChanged: boolean): Rollout {
  const strategy = rayServiceUpgradeType(after);
  const newCluster = objectScale(after).gpus;
  const serve = serveChanged ? '; the new cluster starts with the new Serve config' : '';
  if (strategy === 'None') {
    return {
      object,
      replacesPods: false,
      extraGpusAtPeak: 0,
      message: 'cluster config changed but upgradeStrategy is None: KubeRay does not roll it out, the running cluster keeps its old config',
    };
  }
  if (strategy === 'NewClusterWithIncrementalUpgrade') {
    const surge = after.spec?.upgradeStrategy?.clusterUpgradeOptions?.maxSurgePercent ?? 100;
    const extra = Math.ceil((newCluster * surge) / 100);
    return {
      object,
      replacesPods: true,
      extraGpusAtPeak: extra,
      message: `cluster config changed: incremental upgrade (max surge ${surge}%) moves traffic to a new cluster step by step; needs up to ${extra} extra GPU${extra === 1 ? '' : 's'} at its peak${serve}`,
    };
  }
  return {
    object,
    replacesPods: true,
    extraGpusAtPeak: newCluster,
    message:
      `cluster config changed: zero-downtime upgrade (${strategy}) starts a second full cluster and switches traffic when it is ready; ` +
      `needs up to ${newCluster} extra GPU${newCluster === 1 ? '' : 's'} at its peak (the new cluster at max scale)${serve}`,
  };
}

function rayClusterRollout(object: ObjectId, before: Json, after: Json): Rollout | undefined {
  const change = classifyClusterSpecChange(rayClusterSpecOf(before)?.spec, rayClusterSpecOf(after)?.spec);
  if (change === ClusterSpecChange.NONE) return undefined;
  if (change === ClusterSpecChange.SCALING) {
    return { object, replacesPods: false, extraGpusAtPeak: 0, message: 'worker scaling bounds changed: applied to the running cluster' };
  }
  if (after.spec?.upgradeStrategy?.type === 'Recreate') {
    return { object, replacesPods: true, extraGpusAtPeak: 0, message: 'pod spec changed: upgradeStrategy Recreate deletes and recreates all Ray pods (downtime, no extra GPUs)' };
  }
  return {
    object,
    replacesPods: false,
    extraGpusAtPeak: 0,
    message: 'pod spec changed: running Ray pods keep the old spec; only pods KubeRay creates from now on get the new one',
  };
}

/** Whether any pod an object creates (directly, or through a workflow's `resource` steps) changed. */
function podsChanged(before: Json, after: Json): boolean {
  const pods = (o: Json) => podTemplates(o).map((ref) => [ref.path, ref.spec]);
  const embedded = (o: Json) => embeddedObjects(o).map((e) => [e.template, e.object]);
  return !sameJson(pods(before), pods(after)) || !sameJson(embedded(before), embedded(after));
}
